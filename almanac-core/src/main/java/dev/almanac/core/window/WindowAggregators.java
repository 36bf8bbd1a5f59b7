package dev.almanac.core.window;

import dev.almanac.spi.window.WindowAggregator;
import java.util.Optional;
import java.util.ServiceLoader;

/** Finds aggregates written in Java by binary class name among the {@link WindowAggregator} services. */
public final class WindowAggregators {
    public static final String SERVICE_FILE = "META-INF/services/" + WindowAggregator.class.getName();

    private WindowAggregators() {}

    @SuppressWarnings({"rawtypes", "unchecked"})
    public static Optional<WindowAggregator<?>> find(String className) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        ServiceLoader<WindowAggregator> services = ServiceLoader.load(
                WindowAggregator.class, loader == null ? WindowAggregators.class.getClassLoader() : loader);
        return services.stream()
                .filter(provider -> provider.type().getName().equals(className))
                .<WindowAggregator<?>>map(provider -> (WindowAggregator<?>) provider.get())
                .findFirst();
    }

    /** The message for an aggregator class that is not a service on the class path. */
    public static String notFound(String className) {
        return "No window aggregator " + className + " on the class path: implement "
                + WindowAggregator.class.getName() + " with a public no-argument constructor and list the class in "
                + SERVICE_FILE;
    }
}
