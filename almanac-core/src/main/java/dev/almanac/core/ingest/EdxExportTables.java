package dev.almanac.core.ingest;

import dev.almanac.spi.type.Field;
import dev.almanac.spi.type.PrimitiveType;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The column types of the edX research database exports, as the edX schemas define them. */
final class EdxExportTables {
    private static final Map<String, List<Field>> TABLES = Map.of(
            "auth_user",
                    List.of(
                            bigint("id"),
                            text("username"),
                            text("first_name"),
                            text("last_name"),
                            text("email"),
                            text("password"),
                            bool("is_staff"),
                            bool("is_active"),
                            bool("is_superuser"),
                            time("last_login"),
                            time("date_joined")),
            "auth_userprofile",
                    List.of(
                            bigint("id"),
                            bigint("user_id"),
                            text("name"),
                            text("language"),
                            text("location"),
                            text("meta"),
                            text("courseware"),
                            text("gender"),
                            text("mailing_address"),
                            Field.of("year_of_birth", PrimitiveType.INTEGER),
                            text("level_of_education"),
                            text("goals"),
                            bool("allow_certificate"),
                            text("country"),
                            text("city"),
                            text("bio"),
                            time("profile_image_uploaded_at")),
            "student_courseenrollment",
                    List.of(
                            bigint("id"),
                            bigint("user_id"),
                            text("course_id"),
                            time("created"),
                            bool("is_active"),
                            text("mode")),
            "certificates_generatedcertificate",
                    List.of(
                            bigint("id"),
                            bigint("user_id"),
                            text("download_url"),
                            real("grade"),
                            text("course_id"),
                            text("key"),
                            bool("distinction"),
                            text("status"),
                            text("verify_uuid"),
                            text("download_uuid"),
                            text("name"),
                            time("created_date"),
                            time("modified_date"),
                            text("error_reason"),
                            text("mode")),
            "courseware_studentmodule",
                    List.of(
                            bigint("id"),
                            text("module_type"),
                            text("module_id"),
                            bigint("student_id"),
                            text("state"),
                            real("grade"),
                            time("created"),
                            time("modified"),
                            real("max_grade"),
                            text("done"),
                            text("course_id")));

    private EdxExportTables() {}

    /** The typed columns of a known export table; empty for a table edX's schemas do not define. */
    static Optional<List<Field>> columns(String table) {
        return Optional.ofNullable(TABLES.get(table));
    }

    private static Field bigint(String name) {
        return Field.of(name, PrimitiveType.BIGINT);
    }

    private static Field text(String name) {
        return Field.of(name, PrimitiveType.STRING);
    }

    private static Field bool(String name) {
        return Field.of(name, PrimitiveType.BOOLEAN);
    }

    private static Field time(String name) {
        return Field.of(name, PrimitiveType.TIMESTAMP);
    }

    private static Field real(String name) {
        return Field.of(name, PrimitiveType.DOUBLE);
    }
}
