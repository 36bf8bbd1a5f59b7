package dev.almanac.core.warehouse;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/** Finds the warehouse: {@code --warehouse DIR}, else {@code ALMANAC_HOME}, else the current directory. */
public final class WarehouseLocator {
    public static final String HOME_VARIABLE = "ALMANAC_HOME";

    private WarehouseLocator() {}

    public static Path locate(Optional<Path> option, Map<String, String> environment, Path workingDirectory) {
        Path directory;
        String how;
        if (option.isPresent()) {
            directory = option.get();
            how = "--warehouse";
        } else if (environment.containsKey(HOME_VARIABLE)
                && !environment.get(HOME_VARIABLE).isBlank()) {
            directory = Path.of(environment.get(HOME_VARIABLE));
            how = HOME_VARIABLE;
        } else {
            directory = workingDirectory;
            how = "the current directory";
        }
        directory = workingDirectory.resolve(directory).toAbsolutePath().normalize();
        if (!Files.isRegularFile(directory.resolve(WarehouseConfigParser.FILE_NAME))) {
            throw new AlmanacException(
                    ErrorCode.WAREHOUSE_NOT_FOUND,
                    "No warehouse at " + directory + " (from " + how + "): it has no "
                            + WarehouseConfigParser.FILE_NAME
                            + ". Create one with `almanac init DIR`, or point to one with --warehouse DIR or "
                            + HOME_VARIABLE + ".");
        }
        return directory;
    }
}
