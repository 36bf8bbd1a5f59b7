package dev.almanac.core.generate;

import static dev.almanac.core.generate.Timestamps.MINUTE;
import static dev.almanac.core.generate.Timestamps.SECOND;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.almanac.core.generate.Course.Chapter;
import dev.almanac.core.generate.Course.Problem;
import dev.almanac.core.generate.Course.Sequential;
import dev.almanac.core.generate.Course.Video;
import dev.almanac.core.generate.GenerationState.Enrollment;
import dev.almanac.core.generate.GenerationState.ForumPost;
import dev.almanac.core.generate.ModuleState.Position;
import dev.almanac.core.generate.ModuleState.ProblemAttempt;
import dev.almanac.core.generate.ModuleState.VideoPosition;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Turns a planned session into tracking-log events: enrollment first when needed, then page views,
 * sequence navigation, video plays, problem checks and forum posts, with gaps mostly under five
 * minutes. Records what the database would keep in {@link ExportState}.
 */
final class SessionSimulator {
    private static final String SITE = "https://" + TrackingLines.HOST;
    private static final String MOBILE_AGENT = "edX/org.edx.mobile (2.17.1; OS Version 17.1 (Build 21B74))";
    private static final List<String> ANONYMOUS_AGENTS = List.of(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
            "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)");
    private static final List<String> SPEEDS = List.of("0.75", "1.0", "1.25", "1.50", "2.0");
    private static final List<String> TITLES = List.of(
            "Question about the homework",
            "Is the deadline extended?",
            "Confused by lecture 3",
            "Study group, anyone?",
            "Error in the transcript",
            "¿Alguien más habla español?");
    private static final List<String> BODIES = List.of(
            "I don't understand why the answer is \"B\" here, can someone explain?",
            "Thanks, that helped!",
            "Same problem here.\nI tried it twice and got a different result each time.",
            "Try re-reading section 2, it explains the formula.",
            "Great lecture 👍");

    private final List<Course> courses;
    private final GenerationState state;
    private final ExportState export;
    private final SplittableRandom random;
    private final TrackingLines lines = new TrackingLines();

    SessionSimulator(List<Course> courses, GenerationState state, ExportState export, SplittableRandom random) {
        this.courses = List.copyOf(courses);
        this.state = state;
        this.export = export;
        this.random = random;
    }

    /** Appends the session's events to {@code sink}, exactly {@code planned.events()} of them. */
    void simulate(PlannedSession planned, List<LogLine> sink) {
        Course course = courses.get(planned.course());
        if (planned.learner().isPresent()) {
            new Visit(planned, planned.learner().get(), course, sink).run();
        } else {
            visitAnonymously(planned, course, sink);
        }
    }

    private void visitAnonymously(PlannedSession planned, Course course, List<LogLine> sink) {
        Envelope envelope = new Envelope(
                "", RandomText.pick(random, ANONYMOUS_AGENTS), ip(), "en-US,en;q=0.9", RandomText.hex(random, 32));
        List<String> paths = List.of("/", "/courses", course.coursePath() + "about", course.coursePath() + "about");
        long time = planned.startMicros();
        String referer = "https://www.google.com/";
        String page = SITE + "/";
        for (int event = 0; event < planned.events(); event++) {
            if (event > 0) {
                time += gap();
            }
            boolean last = event == planned.events() - 1;
            if (last && event > 0 && random.nextInt(3) == 0) {
                ObjectNode context = anonymousContext(Optional.of(course), "/event");
                sink.add(lines.render(
                        envelope,
                        new TrackingEvent(
                                time,
                                "page_close",
                                EventSource.BROWSER,
                                context,
                                Json.object(),
                                Optional.of(page),
                                referer)));
                continue;
            }
            String path = RandomText.pick(random, paths);
            ObjectNode context =
                    anonymousContext(Optional.of(course).filter(any -> path.startsWith("/courses/")), path);
            sink.add(lines.render(
                    envelope,
                    new TrackingEvent(
                            time, path, EventSource.SERVER, context, pageViewPayload(), Optional.empty(), referer)));
            referer = page;
            page = SITE + path;
        }
    }

    private static ObjectNode anonymousContext(Optional<Course> course, String path) {
        ObjectNode context = Json.object();
        context.put("course_id", course.map(Course::id).orElse(""));
        context.put("org_id", course.map(Course::org).orElse(""));
        context.put("path", path);
        context.putNull("user_id");
        return context;
    }

    private static ObjectNode pageViewPayload() {
        ObjectNode payload = Json.object();
        payload.set("GET", Json.object());
        payload.set("POST", Json.object());
        return payload;
    }

    /** Mostly under a minute, nearly always under five; sometimes a break of up to half an hour. */
    private long gap() {
        if (random.nextInt(100) < 93) {
            long gap = (long) (-Math.log(1 - random.nextDouble()) * 35 * SECOND) + random.nextInt(1_000_000);
            return gap > 280 * SECOND ? MINUTE + random.nextLong(220 * SECOND) : Math.max(gap, 1000);
        }
        return 5 * MINUTE + random.nextLong(25 * MINUTE);
    }

    private String ip() {
        return (1 + random.nextInt(223)) + "." + random.nextInt(256) + "." + random.nextInt(256) + "."
                + (1 + random.nextInt(254));
    }

    private enum Action {
        COURSEWARE,
        SEQUENCE,
        VIDEO,
        PROBLEM,
        FORUM,
        PROGRESS,
        DASHBOARD,
        MODE_CHANGE
    }

    /** One logged-in session in one course. */
    private final class Visit {
        private final Learner learner;
        private final Course course;
        private final LearnerCourse learnerCourse;
        private final List<Sequential> sequentials;
        private final List<LogLine> sink;
        private final boolean mobile;
        private final Envelope envelope;
        private long time;
        private int remaining;
        private Enrollment enrollment;
        private Sequential sequential;
        private int unit;
        private String page;
        private String referer;
        private Video video;
        private boolean loaded;
        private boolean playing;
        private double position;
        private String speed = "1.0";
        private long playedAt;

        Visit(PlannedSession planned, Learner learner, Course course, List<LogLine> sink) {
            this.learner = learner;
            this.course = course;
            this.learnerCourse = new LearnerCourse(course.index(), learner.id());
            this.sequentials = course.sequentials();
            this.sink = sink;
            this.mobile = planned.mobile();
            String ip = random.nextInt(10) == 0 ? learner.alternateIp() : learner.ip();
            this.envelope = new Envelope(
                    learner.username(),
                    mobile ? MOBILE_AGENT : learner.agent(),
                    ip,
                    learner.acceptLanguage(),
                    RandomText.hex(random, 32));
            this.time = planned.startMicros();
            this.remaining = planned.events();
            this.page = SITE + "/dashboard";
            this.referer = SITE + "/dashboard";
        }

        void run() {
            Optional<Enrollment> known = state.enrollment(learnerCourse);
            if (known.isPresent()) {
                // A session starting before midnight may be generated after the previous day's
                // sessions; it must not precede this learner's last enrollment change.
                time = Math.max(time, known.get().lastChangeMicros() + SECOND);
            }
            export.recordLogin(learner.id(), time);
            if (known.isEmpty() || !known.get().active()) {
                String mode = known.map(Enrollment::mode).orElseGet(this::initialMode);
                changeEnrollment(EnrollmentAction.ACTIVATED, mode);
            } else {
                enrollment = known.get();
            }
            if (remaining > 0) {
                if (enrollment.lastChangeMicros() == time) {
                    time += gap();
                }
                moveTo(firstSequential());
            }
            while (remaining > 0) {
                time += gap();
                if (remaining == 1 && !mobile) {
                    int draw = random.nextInt(100);
                    if (draw < 35) {
                        emit("page_close", EventSource.BROWSER, context("/event"), Json.object(), Optional.of(page));
                        continue;
                    }
                    if (draw < 37) {
                        changeEnrollment(EnrollmentAction.DEACTIVATED, enrollment.mode());
                        continue;
                    }
                }
                step();
            }
        }

        private String initialMode() {
            int draw = random.nextInt(10);
            if (course.versioned()) {
                return draw < 7 ? "audit" : "verified";
            }
            return draw < 9 ? "honor" : "verified";
        }

        private void step() {
            boolean hasVideos = !sequential.videos().isEmpty();
            boolean hasProblems = !sequential.problems().isEmpty();
            boolean canUpgrade = !enrollment.mode().equals("verified");
            double[] weights = new double[Action.values().length];
            weights[Action.COURSEWARE.ordinal()] = 8;
            weights[Action.SEQUENCE.ordinal()] = mobile ? 0 : 7;
            weights[Action.VIDEO.ordinal()] = hasVideos ? (playing ? 45 : 20) : 0;
            weights[Action.PROBLEM.ordinal()] = hasProblems ? 16 : 0;
            weights[Action.FORUM.ordinal()] = mobile ? 0 : 3;
            weights[Action.PROGRESS.ordinal()] = 1.5;
            weights[Action.DASHBOARD.ordinal()] = mobile ? 0 : 0.5;
            weights[Action.MODE_CHANGE.ordinal()] = canUpgrade ? 0.2 : 0;
            Action action = Action.values()[new WeightedChoice(weights).next(random)];
            switch (action) {
                case COURSEWARE -> moveTo(nextSequential());
                case SEQUENCE -> navigate();
                case VIDEO -> watch();
                case PROBLEM -> solve();
                case FORUM -> discuss();
                case PROGRESS -> pageView(course.coursePath() + "progress", context(course.coursePath() + "progress"));
                case DASHBOARD -> dashboard();
                case MODE_CHANGE -> changeEnrollment(EnrollmentAction.MODE_CHANGED, "verified");
            }
        }

        private void changeEnrollment(EnrollmentAction action, String mode) {
            String path = course.versioned() ? "/api/enrollment/v1/enrollment" : "/change_enrollment";
            ObjectNode payload = Json.object();
            payload.put("course_id", course.id());
            payload.put("mode", mode);
            payload.put("user_id", learner.id());
            emit(action.eventType(), EventSource.SERVER, context(path), payload, Optional.empty());
            enrollment = new Enrollment(action != EnrollmentAction.DEACTIVATED, mode, time);
            state.enrollment(learnerCourse, enrollment);
            export.record(new EnrollmentChange(time, learnerCourse, action, mode));
        }

        private Sequential firstSequential() {
            // Most learners are in the first weeks.
            int index = (int) (sequentials.size() * Math.pow(random.nextDouble(), 2));
            return sequentials.get(Math.min(index, sequentials.size() - 1));
        }

        private Sequential nextSequential() {
            int draw = random.nextInt(100);
            if (draw < 60) {
                return sequentials.get(Math.min(sequential.ordinal() + 1, sequentials.size() - 1));
            }
            if (draw < 80) {
                return RandomText.pick(random, chapterOf(sequential).sequentials());
            }
            return RandomText.pick(random, sequentials);
        }

        /** A courseware page view, which opens the sequential at its first unit. */
        private void moveTo(Sequential next) {
            String path = course.coursewarePath(next);
            pageView(path, context(path));
            sequential = next;
            unit = 1;
            stopVideo();
            recordModule(chapterOf(next).module(), "chapter", next.chapterBlock(), new Position(next.position()));
            recordSequentialPosition();
        }

        private Chapter chapterOf(Sequential of) {
            return course.chapters().get(of.chapter());
        }

        private void pageView(String path, ObjectNode context) {
            referer = page;
            emit(path, EventSource.SERVER, context, pageViewPayload(), Optional.empty());
            page = SITE + path;
        }

        private void dashboard() {
            ObjectNode context = Json.object();
            context.put("course_id", "");
            context.put("org_id", "");
            context.put("path", "/dashboard");
            context.put("user_id", learner.id());
            pageView("/dashboard", context);
        }

        private void navigate() {
            int units = sequential.units();
            String eventType;
            int next;
            int draw = random.nextInt(100);
            if (unit < units && draw < 65) {
                eventType = "seq_next";
                next = unit + 1;
            } else if (unit > 1 && draw < 85) {
                eventType = "seq_prev";
                next = unit - 1;
            } else {
                eventType = "seq_goto";
                next = 1 + random.nextInt(units);
            }
            ObjectNode payload = Json.object();
            payload.put("current_tab", unit);
            payload.put("id", course.usageId("sequential", sequential.block()));
            payload.put("new", next);
            payload.put("old", unit);
            payload.put("tab_count", units);
            payload.put("widget_placement", "top");
            emit(eventType, EventSource.BROWSER, context("/event"), payload, Optional.of(page));
            unit = next;
            stopVideo();
            recordSequentialPosition();
        }

        private void recordSequentialPosition() {
            recordModule(sequential.module(), "sequential", sequential.block(), new Position(unit));
        }

        private void stopVideo() {
            video = null;
            loaded = false;
            playing = false;
            position = 0;
        }

        private void watch() {
            if (video == null) {
                video = RandomText.pick(random, sequential.videos());
            }
            if (!loaded) {
                videoEvent("load_video", videoPayload());
                loaded = true;
                return;
            }
            if (playing) {
                double watched = (time - playedAt) / (double) SECOND * Double.parseDouble(speed);
                position = Math.min(video.durationSeconds(), position + watched);
                playedAt = time;
            }
            int draw = random.nextInt(100);
            if (playing && position >= video.durationSeconds() - 1) {
                ObjectNode payload = videoPayload();
                payload.put("currentTime", rounded(position));
                videoEvent("stop_video", payload);
                playing = false;
                position = 0;
                recordVideo();
            } else if ((!playing && draw < 72) || (playing && draw < 55)) {
                ObjectNode payload = videoPayload();
                payload.put("currentTime", rounded(position));
                videoEvent(playing ? "pause_video" : "play_video", payload);
                playing = !playing;
                playedAt = time;
                if (!playing) {
                    recordVideo();
                }
            } else if (draw < 85) {
                double target = random.nextDouble() * video.durationSeconds();
                ObjectNode payload = videoPayload();
                payload.put("new_time", rounded(target));
                payload.put("old_time", rounded(position));
                payload.put("type", "onSlideSeek");
                videoEvent("seek_video", payload);
                position = target;
                recordVideo();
            } else if (draw < 93) {
                String newSpeed = RandomText.pick(random, SPEEDS);
                ObjectNode payload = videoPayload();
                payload.put("current_time", rounded(position));
                payload.put("new_speed", newSpeed);
                payload.put("old_speed", speed);
                videoEvent("speed_change_video", payload);
                speed = newSpeed;
                recordVideo();
            } else {
                ObjectNode payload = videoPayload();
                payload.put("currentTime", rounded(position));
                videoEvent("show_transcript", payload);
            }
        }

        private ObjectNode videoPayload() {
            ObjectNode payload = Json.object();
            payload.put("code", mobile ? "mobile" : video.code());
            payload.put("id", video.block());
            return payload;
        }

        private void videoEvent(String eventType, ObjectNode payload) {
            ObjectNode context = context("/event");
            if (mobile) {
                ObjectNode application = Json.object();
                application.put("name", "edx.mobileapp.iOS");
                application.put("version", "2.17.1");
                context.set("application", application);
                context.put("component", "videoplayer");
            }
            emit(eventType, mobile ? EventSource.MOBILE : EventSource.BROWSER, context, payload, Optional.of(page));
        }

        private void recordVideo() {
            recordModule(video.module(), "video", video.block(), new VideoPosition((long) position, speed));
        }

        private void solve() {
            Problem problem = RandomText.pick(random, sequential.problems());
            ModuleKey key = new ModuleKey(course.index(), learner.id(), problem.module());
            int previous = state.attempts(key);
            String problemId = course.usageId("problem", problem.block());
            String handler = course.coursePath() + "xblock/" + problemId + "/handler/xmodule_handler/";
            boolean exhausted = problem.maxAttempts() > 0 && previous >= problem.maxAttempts();
            int draw = random.nextInt(100);
            if (exhausted && draw < 50) {
                moveTo(nextSequential());
                return;
            }
            if (previous > 0 && (draw < 12 || (exhausted && draw < 80))) {
                ObjectNode payload = Json.object();
                payload.put("problem_id", problemId);
                emit(
                        "showanswer",
                        EventSource.SERVER,
                        problemContext(handler + "show_answer", problem, problemId),
                        payload,
                        Optional.of("x_module"));
                return;
            }
            double chance = 0.55 + 0.15 * Math.min(previous, 2);
            int choices = 0;
            int correctParts = 0;
            for (int part = 0; part < problem.parts(); part++) {
                choices |= random.nextInt(4) << (2 * part);
                correctParts |= random.nextDouble() < chance ? 1 << part : 0;
            }
            ProblemAttempt attempt = new ProblemAttempt(course, problem, previous + 1, choices, correctParts, time);
            ObjectNode attemptState = Json.object();
            attemptState.set("correct_map", Json.object());
            if (previous > 0) {
                attemptState.put("done", true);
            } else {
                attemptState.putNull("done");
            }
            attemptState.set("input_state", attempt.inputState());
            attemptState.put("seed", 1);
            attemptState.set("student_answers", Json.object());
            if (exhausted) {
                ObjectNode payload = Json.object();
                payload.set("answers", attempt.answers());
                payload.put("failure", "closed");
                payload.put("problem_id", problemId);
                payload.set("state", attemptState);
                emit(
                        "problem_check_fail",
                        EventSource.SERVER,
                        problemContext(handler + "problem_check", problem, problemId),
                        payload,
                        Optional.of("x_module"));
                return;
            }
            ObjectNode correctMap = Json.object();
            for (int part = 0; part < problem.parts(); part++) {
                ObjectNode outcome = Json.object();
                outcome.put("correctness", attempt.correct(part) ? "correct" : "incorrect");
                outcome.put("hint", "");
                outcome.putNull("hintmode");
                outcome.put("msg", "");
                outcome.putNull("npoints");
                outcome.putNull("queuestate");
                correctMap.set(course.answerId(problem, part), outcome);
            }
            ObjectNode payload = Json.object();
            payload.set("answers", attempt.answers());
            payload.put("attempts", attempt.attempts());
            payload.set("correct_map", correctMap);
            payload.put("grade", attempt.points());
            payload.put("max_grade", problem.parts());
            payload.put("problem_id", problemId);
            payload.set("state", attemptState);
            payload.put("success", attempt.points() == problem.parts() ? "correct" : "incorrect");
            emit(
                    "problem_check",
                    EventSource.SERVER,
                    problemContext(handler + "problem_check", problem, problemId),
                    payload,
                    Optional.of("x_module"));
            state.attempts(key, attempt.attempts());
            recordModule(problem.module(), "problem", problem.block(), attempt);
        }

        private ObjectNode problemContext(String path, Problem problem, String problemId) {
            ObjectNode context = context(path);
            ObjectNode module = Json.object();
            module.put("display_name", problem.name());
            module.put("usage_key", problemId);
            context.set("module", module);
            return context;
        }

        private void discuss() {
            List<ForumPost> threads = state.threads(course.index());
            List<ForumPost> responses = state.responses(course.index());
            int draw = random.nextInt(100);
            if (threads.isEmpty() && draw >= 50) {
                draw = 50;
            }
            if (draw < 50) {
                String path = threads.isEmpty() || draw < 25
                        ? course.coursePath() + "discussion/forum"
                        : threadPath(RandomText.pick(random, threads));
                pageView(path, context(path));
            } else if (draw < 70) {
                Chapter chapter = chapterOf(sequential);
                String id = RandomText.hex(random, 24);
                ForumPost thread = new ForumPost(id, id, chapter.block(), chapter.name());
                ObjectNode payload = post(thread);
                payload.put("thread_type", random.nextInt(3) == 0 ? "question" : "discussion");
                payload.put("title", RandomText.pick(random, TITLES));
                payload.put("title_truncated", false);
                String path = course.coursePath() + "discussion/" + thread.commentableId() + "/threads/create";
                emit("edx.forum.thread.created", EventSource.SERVER, context(path), payload, Optional.empty());
                state.addThread(course.index(), thread);
            } else if (draw < 85 || responses.isEmpty()) {
                ForumPost thread = RandomText.pick(random, threads);
                ForumPost response = new ForumPost(
                        RandomText.hex(random, 24), thread.id(), thread.commentableId(), thread.categoryName());
                ObjectNode payload = post(response);
                String path = course.coursePath() + "discussion/threads/" + thread.id() + "/reply";
                emit("edx.forum.response.created", EventSource.SERVER, context(path), payload, Optional.empty());
                state.addResponse(course.index(), response);
            } else {
                ForumPost response = RandomText.pick(random, responses);
                ForumPost comment = new ForumPost(
                        RandomText.hex(random, 24),
                        response.threadId(),
                        response.commentableId(),
                        response.categoryName());
                ObjectNode payload = post(comment);
                ObjectNode parent = Json.object();
                parent.put("id", response.id());
                payload.set("response", parent);
                String path = course.coursePath() + "discussion/comments/" + response.id() + "/reply";
                emit("edx.forum.comment.created", EventSource.SERVER, context(path), payload, Optional.empty());
            }
        }

        private String threadPath(ForumPost thread) {
            return course.coursePath() + "discussion/forum/" + thread.commentableId() + "/threads/" + thread.threadId();
        }

        private ObjectNode post(ForumPost post) {
            ObjectNode payload = Json.object();
            payload.put("anonymous", false);
            payload.put("anonymous_to_peers", false);
            payload.put("body", RandomText.pick(random, BODIES));
            payload.put("category_id", post.commentableId());
            payload.put("category_name", post.categoryName());
            payload.put("commentable_id", post.commentableId());
            if (!post.id().equals(post.threadId())) {
                ObjectNode discussion = Json.object();
                discussion.put("id", post.threadId());
                payload.set("discussion", discussion);
            }
            payload.putNull("group_id");
            payload.put("id", post.id());
            ObjectNode options = Json.object();
            options.put("followed", post.id().equals(post.threadId()));
            payload.set("options", options);
            payload.put("truncated", false);
            payload.put("url", SITE + threadPath(post));
            payload.set("user_course_roles", Json.array());
            payload.set("user_forums_roles", Json.array().add("Student"));
            return payload;
        }

        private ObjectNode context(String path) {
            ObjectNode context = Json.object();
            context.put("course_id", course.id());
            context.put("org_id", course.org());
            context.put("path", path);
            context.put("user_id", learner.id());
            return context;
        }

        private void emit(
                String eventType,
                EventSource source,
                ObjectNode context,
                ObjectNode payload,
                Optional<String> eventPage) {
            TrackingEvent event = new TrackingEvent(time, eventType, source, context, payload, eventPage, referer);
            sink.add(lines.render(envelope, event));
            remaining--;
        }

        private void recordModule(int module, String type, String block, ModuleState moduleState) {
            ModuleKey key = new ModuleKey(course.index(), learner.id(), module);
            export.record(new ModuleChange(time, key, type, block, moduleState));
        }
    }

    private static double rounded(double seconds) {
        return Math.round(seconds * 1000) / 1000.0;
    }
}
