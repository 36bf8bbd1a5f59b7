package dev.almanac.core.generate;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An edX learner: account, profile, habits and the courses they take.
 *
 * @param joinedMicros when the account was created, before the generated range
 * @param mobile whether some of their sessions use the mobile app
 * @param activity how often they come back, relative to others
 * @param courses course indexes, the favourite first
 */
record Learner(
        long id,
        String username,
        String email,
        String password,
        long joinedMicros,
        String ip,
        String alternateIp,
        String agent,
        boolean mobile,
        String acceptLanguage,
        double activity,
        List<Integer> courses,
        Profile profile) {
    Learner {
        requireNonNull(username, "username is null");
        requireNonNull(email, "email is null");
        requireNonNull(password, "password is null");
        requireNonNull(ip, "ip is null");
        requireNonNull(alternateIp, "alternateIp is null");
        requireNonNull(agent, "agent is null");
        requireNonNull(acceptLanguage, "acceptLanguage is null");
        courses = List.copyOf(courses);
        requireNonNull(profile, "profile is null");
    }

    /** The row of {@code auth_userprofile}; empty values are exported as NULL. */
    record Profile(
            long id,
            String name,
            String language,
            Optional<String> gender,
            OptionalInt yearOfBirth,
            Optional<String> levelOfEducation,
            Optional<String> goals,
            Optional<String> mailingAddress,
            String country,
            String city) {
        Profile {
            requireNonNull(name, "name is null");
            requireNonNull(language, "language is null");
            requireNonNull(gender, "gender is null");
            requireNonNull(yearOfBirth, "yearOfBirth is null");
            requireNonNull(levelOfEducation, "levelOfEducation is null");
            requireNonNull(goals, "goals is null");
            requireNonNull(mailingAddress, "mailingAddress is null");
            requireNonNull(country, "country is null");
            requireNonNull(city, "city is null");
        }
    }
}
