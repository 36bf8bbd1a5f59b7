package dev.almanac.core.table;

import dev.almanac.spi.engine.StatementAnalysis.ColumnFilter;
import dev.almanac.spi.engine.StatementAnalysis.LiteralKind;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.apache.iceberg.Schema;
import org.apache.iceberg.expressions.Expression;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;

/**
 * Turns the filters an engine found in a query into an Iceberg row filter used to skip files. A
 * filter that cannot be converted exactly is left out: the scan then reads more files, never fewer,
 * and the query itself still applies its full WHERE clause.
 */
public final class FilterConversion {
    private FilterConversion() {}

    public static Expression toExpression(Schema schema, List<ColumnFilter> filters) {
        Expression result = Expressions.alwaysTrue();
        for (ColumnFilter filter : filters) {
            Optional<Expression> converted = convert(schema, filter);
            if (converted.isPresent()) {
                result = Expressions.and(result, converted.get());
            }
        }
        return result;
    }

    static Optional<Expression> convert(Schema schema, ColumnFilter filter) {
        Types.NestedField field = schema.caseInsensitiveFindField(filter.column());
        boolean topLevelPrimitive = field != null
                && field.type().isPrimitiveType()
                && schema.columns().stream().anyMatch(column -> column.fieldId() == field.fieldId());
        if (!topLevelPrimitive) {
            return Optional.empty();
        }
        String name = field.name();
        switch (filter.operator()) {
            case IS_NULL:
                return Optional.of(Expressions.isNull(name));
            case IS_NOT_NULL:
                return Optional.of(Expressions.notNull(name));
            default:
                break;
        }
        List<Object> values = new ArrayList<>();
        for (String text : filter.values()) {
            Optional<Object> value = literal(field.type(), filter.kind(), text);
            if (value.isEmpty()) {
                return Optional.empty();
            }
            values.add(value.get());
        }
        if (values.isEmpty()) {
            return Optional.empty();
        }
        Object first = values.get(0);
        return Optional.of(
                switch (filter.operator()) {
                    case EQUAL -> Expressions.equal(name, first);
                    case LESS_THAN -> Expressions.lessThan(name, first);
                    case LESS_THAN_OR_EQUAL -> Expressions.lessThanOrEqual(name, first);
                    case GREATER_THAN -> Expressions.greaterThan(name, first);
                    case GREATER_THAN_OR_EQUAL -> Expressions.greaterThanOrEqual(name, first);
                    case IN -> Expressions.in(name, values);
                    case IS_NULL, IS_NOT_NULL -> throw new IllegalStateException("handled above");
                });
    }

    /** The literal as the value Iceberg expects for the column type, when the conversion is exact. */
    static Optional<Object> literal(Type type, LiteralKind kind, String text) {
        try {
            switch (type.typeId()) {
                case DATE:
                    if (kind == LiteralKind.STRING || kind == LiteralKind.DATE) {
                        return Optional.of((int) LocalDate.parse(text.strip()).toEpochDay());
                    }
                    return Optional.empty();
                case STRING:
                    return kind == LiteralKind.STRING ? Optional.of(text) : Optional.empty();
                case INTEGER:
                case LONG:
                    if (kind != LiteralKind.NUMBER) {
                        return Optional.empty();
                    }
                    BigDecimal number = new BigDecimal(text);
                    if (number.stripTrailingZeros().scale() > 0) {
                        return Optional.empty();
                    }
                    return Optional.of(
                            type.typeId() == Type.TypeID.INTEGER
                                    ? (Object) number.intValueExact()
                                    : (Object) number.longValueExact());
                case DECIMAL:
                case DOUBLE:
                case FLOAT:
                    // comparisons between binary floating point and decimal literals are not exact
                    return Optional.empty();
                case BOOLEAN:
                    String lower = text.toLowerCase(Locale.ROOT);
                    return lower.equals("true") || lower.equals("false")
                            ? Optional.of(Boolean.parseBoolean(lower))
                            : Optional.empty();
                case TIMESTAMP:
                    if (kind != LiteralKind.STRING && kind != LiteralKind.TIMESTAMP) {
                        return Optional.empty();
                    }
                    return timestampMicros(((Types.TimestampType) type).shouldAdjustToUTC(), text.strip());
                default:
                    return Optional.empty();
            }
        } catch (DateTimeParseException | ArithmeticException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Optional<Object> timestampMicros(boolean withZone, String text) {
        String normalized = text.replace(' ', 'T');
        if (withZone) {
            // a zone-less literal compared to TIMESTAMPTZ depends on the session zone: not exact
            try {
                return micros(OffsetDateTime.parse(normalized).toInstant());
            } catch (DateTimeParseException e) {
                return Optional.empty();
            }
        }
        return micros(LocalDateTime.parse(normalized).toInstant(ZoneOffset.UTC));
    }

    private static Optional<Object> micros(Instant instant) {
        if (instant.getNano() % 1000 != 0) {
            // the engine rounds a finer literal to microseconds; truncating it would skip matching rows
            return Optional.empty();
        }
        return Optional.of(ChronoUnit.MICROS.between(Instant.EPOCH, instant));
    }
}
