package dev.almanac.core.generate;

/** Who emitted a tracking event; browser events carry {@code event} as a JSON-encoded string. */
enum EventSource {
    SERVER("server"),
    BROWSER("browser"),
    MOBILE("mobile");

    private final String label;

    EventSource(String label) {
        this.label = label;
    }

    String label() {
        return label;
    }
}
