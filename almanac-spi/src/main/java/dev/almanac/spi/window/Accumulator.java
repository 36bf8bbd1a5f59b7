package dev.almanac.spi.window;

/**
 * Builds the partial state of one key from its values, and stores states as bytes.
 * Serialization must round-trip: {@code deserialize(serialize(s))} behaves as {@code s}.
 *
 * @param <S> the partial state
 */
public interface Accumulator<S> {
    /** The state of a key before any value. */
    S create();

    /** Adds one value; may change {@code state} and return it. */
    S add(S state, Object value);

    byte[] serialize(S state);

    S deserialize(byte[] bytes);
}
