package dev.almanac.duckdb.hive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.almanac.spi.AlmanacException;
import dev.almanac.spi.ErrorCode;
import org.junit.jupiter.api.Test;

class TestJavaDatePattern {
    @Test
    void translatesLettersAndQuotedText() {
        assertThat(JavaDatePattern.toStrftime("yyyy-MM-dd HH:mm:ss")).isEqualTo("%Y-%m-%d %H:%M:%S");
        assertThat(JavaDatePattern.toStrftime("yy/M/d h:m:s a")).isEqualTo("%y/%-m/%-d %-I:%-M:%-S %p");
        assertThat(JavaDatePattern.toStrftime("EEE, MMM d yyyy; EEEE MMMM DDD")).isEqualTo("%a, %b %-d %Y; %A %B %j");
        assertThat(JavaDatePattern.toStrftime("HH:mm:ss.SSS Z z")).isEqualTo("%H:%M:%S.%g %z %Z");
        assertThat(JavaDatePattern.toStrftime("yyyy'T'HH 'o''clock' '' 100%")).isEqualTo("%YT%H o'clock ' 100%%");
    }

    @Test
    void refusesLettersWithoutAnExactCounterpart() {
        assertThatThrownBy(() -> JavaDatePattern.toStrftime("YYYY-ww"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Date pattern letter 'YYYY' in 'YYYY-ww' is not supported on the embedded engine;"
                        + " supported: y yy yyyy M MM MMM MMMM d dd D DDD H HH h hh m mm s ss SSS SSSSSS a E EEEE Z"
                        + " z and 'quoted text'")
                .extracting(e -> ((AlmanacException) e).code())
                .isEqualTo(ErrorCode.NOT_SUPPORTED);
        assertThatThrownBy(() -> JavaDatePattern.toStrftime("yyyy 'open"))
                .isInstanceOf(AlmanacException.class)
                .hasMessage("Unterminated quote in date pattern 'yyyy 'open'");
    }
}
