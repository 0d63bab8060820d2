package paxosql.replica.state;

/**
 * DDL was applied while a {@link StateView} was being read. H2's catalog is not versioned
 * like its rows, so what was read may mix two catalogs; the reader must drop it and
 * capture again.
 */
public final class CatalogChangedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public CatalogChangedException(String message) {
        super(message);
    }
}
