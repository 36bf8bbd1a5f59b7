package dev.almanac.duckdb;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import dev.almanac.spi.type.DataType;
import dev.almanac.spi.type.DecimalType;
import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.ListType;
import dev.almanac.spi.type.MapType;
import dev.almanac.spi.type.PrimitiveType;
import dev.almanac.spi.type.StructType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Converts between DuckDB type names and Almanac types. */
final class DuckDbTypes {
    private DuckDbTypes() {}

    /** The DuckDB type that holds values of {@code type} exactly, as SQL text for CAST. */
    static String sqlType(DataType type) {
        if (type instanceof PrimitiveType primitive) {
            return switch (primitive) {
                case BOOLEAN -> "BOOLEAN";
                case INTEGER -> "INTEGER";
                case BIGINT -> "BIGINT";
                case FLOAT -> "FLOAT";
                case DOUBLE -> "DOUBLE";
                case DATE -> "DATE";
                case TIMESTAMP -> "TIMESTAMP";
                case TIMESTAMPTZ -> "TIMESTAMPTZ";
                case STRING -> "VARCHAR";
                case BINARY -> "BLOB";
            };
        }
        if (type instanceof DecimalType decimal) {
            return "DECIMAL(" + decimal.precision() + "," + decimal.scale() + ")";
        }
        if (type instanceof ListType list) {
            return sqlType(list.element()) + "[]";
        }
        if (type instanceof MapType map) {
            return "MAP(" + sqlType(map.key()) + ", " + sqlType(map.value()) + ")";
        }
        StructType struct = (StructType) type;
        return struct.fields().stream()
                .map(field -> DuckDbSql.identifier(field.name()) + " " + sqlType(field.type()))
                .collect(Collectors.joining(", ", "STRUCT(", ")"));
    }

    /** Parses a type name as DuckDB reports it, e.g. {@code STRUCT(a INTEGER, b VARCHAR[])}. */
    static DataType parse(String typeName) {
        Parser parser = new Parser(typeName);
        DataType type = parser.type();
        parser.skipSpaces();
        if (!parser.atEnd()) {
            throw unsupported(typeName);
        }
        return type;
    }

    private static AlmanacException unsupported(String typeName) {
        return new AlmanacException(
                ErrorCode.NOT_SUPPORTED,
                "Column type " + typeName + " cannot be stored in a table; CAST it to a supported type"
                        + " (e.g. VARCHAR, BIGINT, DOUBLE, TIMESTAMP)");
    }

    private static final class Parser {
        private final String text;
        private int position;

        Parser(String text) {
            this.text = text;
        }

        boolean atEnd() {
            return position >= text.length();
        }

        void skipSpaces() {
            while (!atEnd() && Character.isWhitespace(text.charAt(position))) {
                position++;
            }
        }

        boolean consume(char expected) {
            skipSpaces();
            if (!atEnd() && text.charAt(position) == expected) {
                position++;
                return true;
            }
            return false;
        }

        void expect(char expected) {
            if (!consume(expected)) {
                throw unsupported(text);
            }
        }

        String word() {
            skipSpaces();
            int start = position;
            while (!atEnd() && (Character.isLetterOrDigit(text.charAt(position)) || text.charAt(position) == '_')) {
                position++;
            }
            return text.substring(start, position);
        }

        String name() {
            skipSpaces();
            if (!atEnd() && text.charAt(position) == '"') {
                StringBuilder name = new StringBuilder();
                position++;
                while (!atEnd()) {
                    char c = text.charAt(position++);
                    if (c == '"') {
                        if (!atEnd() && text.charAt(position) == '"') {
                            name.append('"');
                            position++;
                        } else {
                            return name.toString();
                        }
                    } else {
                        name.append(c);
                    }
                }
                throw unsupported(text);
            }
            return word();
        }

        int number() {
            String word = word();
            try {
                return Integer.parseInt(word);
            } catch (NumberFormatException e) {
                throw unsupported(text);
            }
        }

        DataType type() {
            // DuckDB quotes some type names, e.g. "NULL"
            String word = name().toUpperCase(Locale.ROOT);
            DataType type = switch (word) {
                case "BOOLEAN", "BOOL" -> PrimitiveType.BOOLEAN;
                case "TINYINT", "SMALLINT", "INTEGER", "INT", "UTINYINT", "USMALLINT" -> PrimitiveType.INTEGER;
                case "BIGINT", "UINTEGER", "HUGEINT", "UHUGEINT" -> PrimitiveType.BIGINT;
                case "UBIGINT" -> new DecimalType(20, 0);
                case "FLOAT", "REAL" -> PrimitiveType.FLOAT;
                case "DOUBLE" -> PrimitiveType.DOUBLE;
                case "DATE" -> PrimitiveType.DATE;
                case "TIMESTAMP_NS", "TIMESTAMP_MS", "TIMESTAMP_S" -> PrimitiveType.TIMESTAMP;
                case "TIMESTAMPTZ" -> PrimitiveType.TIMESTAMPTZ;
                case "TIMESTAMP" -> withTimeZone() ? PrimitiveType.TIMESTAMPTZ : PrimitiveType.TIMESTAMP;
                case "TIME" -> {
                    withTimeZone();
                    yield PrimitiveType.STRING;
                }
                case "VARCHAR", "JSON", "UUID", "TIMETZ", "BIT" -> PrimitiveType.STRING;
                case "BLOB" -> PrimitiveType.BINARY;
                case "DECIMAL" -> decimal();
                case "ENUM" -> enumType();
                case "STRUCT" -> struct();
                case "MAP" -> map();
                case "NULL" -> PrimitiveType.STRING;
                default -> throw unsupported(text);
            };
            while (consume('[')) {
                skipSpaces();
                while (!atEnd() && Character.isDigit(text.charAt(position))) {
                    position++;
                }
                expect(']');
                type = ListType.of(type);
            }
            return type;
        }

        /** Consumes {@code WITH TIME ZONE} if it comes next, as in {@code TIME WITH TIME ZONE}. */
        private boolean withTimeZone() {
            int mark = position;
            if (word().equalsIgnoreCase("WITH") && word().equalsIgnoreCase("TIME") && word().equalsIgnoreCase("ZONE")) {
                return true;
            }
            position = mark;
            return false;
        }

        private DataType decimal() {
            if (!consume('(')) {
                return new DecimalType(18, 3);
            }
            int precision = number();
            expect(',');
            int scale = number();
            expect(')');
            return new DecimalType(precision, scale);
        }

        private DataType enumType() {
            expect('(');
            int depth = 1;
            boolean quoted = false;
            while (!atEnd() && depth > 0) {
                char c = text.charAt(position++);
                if (c == '\'') {
                    quoted = !quoted;
                } else if (!quoted && c == '(') {
                    depth++;
                } else if (!quoted && c == ')') {
                    depth--;
                }
            }
            return PrimitiveType.STRING;
        }

        private DataType struct() {
            expect('(');
            List<Field> fields = new ArrayList<>();
            do {
                String name = name();
                fields.add(Field.of(name, type()));
            } while (consume(','));
            expect(')');
            return new StructType(fields);
        }

        private DataType map() {
            expect('(');
            DataType key = type();
            expect(',');
            DataType value = type();
            expect(')');
            return MapType.of(key, value);
        }
    }
}
