package paxosql.consensus.transport;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.List;

/**
 * Checks that a message graph is what its declared types promise: no null
 * component anywhere and every list element of its declared element type.
 *
 * <p>Why: Kryo's record serializer type-checks direct components (the canonical
 * constructor would refuse a {@code Ballot} where a {@code Value} is declared), but
 * generics are erased, so bytes can build an {@code Accepted} whose
 * {@code List<Long>} holds a {@code Ballot}; the consensus core would then fail far
 * from the wire. The same check runs before sending, so a node never sends what its
 * peers would refuse.
 */
final class MessageShape {
    private MessageShape() {}

    private static final ClassValue<RecordComponent[]> COMPONENTS = new ClassValue<>() {
        @Override
        protected RecordComponent[] computeValue(Class<?> type) {
            RecordComponent[] components = type.getRecordComponents();
            for (RecordComponent c : components) c.getAccessor().setAccessible(true);
            return components;
        }
    };

    /** Throws {@link IllegalArgumentException} naming the first offending path, e.g. {@code Accepted.instances[1]}. */
    static void check(Object message) {
        if (message == null) throw new IllegalArgumentException("message is null");
        checkRecord(message, message.getClass().getSimpleName());
    }

    private static void checkValue(Object value, Type declared, String path) {
        if (declared instanceof Class<?> c && c.isPrimitive()) return; // a primitive component cannot be null or mistyped
        if (value == null) throw new IllegalArgumentException(path + " is null");
        Class<?> raw = rawClass(declared);
        if (raw != null && !raw.isInstance(value)) {
            throw new IllegalArgumentException(path + ": expected " + raw.getSimpleName() + ", found " + value.getClass().getSimpleName());
        }
        if (value instanceof List<?> list) {
            Type elementType = declared instanceof ParameterizedType p ? p.getActualTypeArguments()[0] : Object.class;
            for (int i = 0; i < list.size(); i++) checkValue(list.get(i), elementType, path + "[" + i + "]");
        } else if (value.getClass().isRecord()) {
            checkRecord(value, path);
        }
    }

    private static void checkRecord(Object record, String path) {
        if (!record.getClass().isRecord()) throw new IllegalArgumentException(path + " is a " + record.getClass().getName() + ", not a record");
        for (RecordComponent c : COMPONENTS.get(record.getClass())) {
            checkValue(read(c.getAccessor(), record), c.getGenericType(), path + "." + c.getName());
        }
    }

    private static Object read(Method accessor, Object record) {
        try {
            return accessor.invoke(record);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("cannot read " + accessor + ": " + e, e);
        }
    }

    /** The class a declared type requires of its values; null for a type variable or wildcard. */
    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) return c;
        if (t instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) return c;
        return null;
    }
}
