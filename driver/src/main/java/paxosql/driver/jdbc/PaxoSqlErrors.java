package paxosql.driver.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

import paxosql.driver.protocol.ExecResult;

/** The driver's SQLExceptions, made in one place. */
final class PaxoSqlErrors {
    private PaxoSqlErrors() {}

    static SQLFeatureNotSupportedException unsupported(String what) {
        return new SQLFeatureNotSupportedException(what + " is not supported by PaxoSQL", "0A000");
    }

    /** A statement the group reported as failed, with its SQLState, vendor code and message. */
    static SQLException of(ExecResult.Failure f) {
        return new SQLException(f.message(), f.sqlState(), f.vendorCode());
    }

    static SQLException closed(String what) {
        return new SQLException("the " + what + " is closed", "connection".equals(what) ? "08003" : "HY010");
    }
}
