package dev.guard.mask;

import static dev.guard.mask.MaskMethod.EMAIL;
import static dev.guard.mask.MaskMethod.HASH;
import static dev.guard.mask.MaskMethod.NULL;
import static dev.guard.mask.MaskMethod.PARTIAL;
import static dev.guard.mask.MaskMethod.REDACT;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MaskerTest {

    private static final byte[] KEY = "Jefe".getBytes(UTF_8);
    private static final List<Detector> CARDS = List.of(Detector.CREDIT_CARD);

    private static Masker masker(MaskMethod method) {
        return Masker.of(method, 0, 0, List.of(), method == HASH ? KEY : null);
    }

    private static Masker partial(int keepFirst, int keepLast) {
        return Masker.of(PARTIAL, keepFirst, keepLast, List.of(), null);
    }

    @Test
    void nullStaysNullUnderEveryMethod() {
        for (MaskMethod method : MaskMethod.values()) {
            assertThat(masker(method).apply(null)).isNull();
            assertThat(Masker.of(method, 0, 4, CARDS, KEY).apply(null)).isNull();
            assertThat(masker(method).isMaskedForm(null)).isFalse();
        }
    }

    @Test
    void redact() {
        assertThat(masker(REDACT).apply("secret")).isEqualTo("[redacted]");
        assertThat(masker(REDACT).apply("")).isEqualTo("[redacted]");
    }

    @Test
    void partialCountsCodePoints() {
        assertThat(partial(2, 3).apply("0123456789")).isEqualTo("01*****789");
        assertThat(partial(0, 4).apply("4111111111111111")).isEqualTo("************1111");
        assertThat(partial(2, 3).apply("abcde")).as("exactly keepFirst+keepLast").isEqualTo("*****");
        assertThat(partial(2, 3).apply("abc")).isEqualTo("***");
        assertThat(partial(2, 3).apply("")).isEmpty();
        assertThat(partial(0, 0).apply("abc")).isEqualTo("***");
        assertThat(partial(1, 1).apply("😀é😀x😀")).isEqualTo("😀***😀");
        assertThat(partial(1, 1).apply("😀😀")).isEqualTo("**");
        assertThat(partial(Integer.MAX_VALUE, Integer.MAX_VALUE).apply("abc")).isEqualTo("***");
    }

    @Test
    void email() {
        assertThat(masker(EMAIL).apply("jane.doe@example.com")).isEqualTo("****@example.com");
        assertThat(masker(EMAIL).apply("\"a@b\"@example.com")).isEqualTo("****@example.com");
        assertThat(masker(EMAIL).apply("@example.com")).isEqualTo("****@example.com");
        assertThat(masker(EMAIL).apply("no address")).isEqualTo("[redacted]");
        assertThat(masker(EMAIL).apply("")).isEqualTo("[redacted]");
    }

    @Test
    void hashIsHmacSha256Truncated() {
        // RFC 4231 test case 2
        assertThat(masker(HASH).apply("what do ya want for nothing?")).isEqualTo("5bdcc146bf60754e6a042426089575c7");
        assertThat(Masker.of(HASH, 0, 0, null, "k".getBytes(UTF_8)).apply(""))
                .isEqualTo("8bb990c40a7d61cb97597a942125025b");
        Masker hash = masker(HASH);
        assertThat(hash.apply("a")).isEqualTo(hash.apply("a")).isNotEqualTo(hash.apply("b")).hasSize(32);
    }

    @Test
    void hashNeedsAKeyAndNeverShowsIt() {
        assertThatThrownBy(() -> Masker.of(HASH, 0, 0, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a hash masking rule needs a key");
        assertThatThrownBy(() -> Masker.of(HASH, 0, 0, List.of(), new byte[0]))
                .hasMessage("a hash masking rule needs a key");
        assertThat(Masker.of(REDACT, 0, 0, List.of(), null).method()).isEqualTo(REDACT);
        assertThatThrownBy(() -> Masker.of(PARTIAL, -1, 0, List.of(), null))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void nullMethod() {
        assertThat(masker(NULL).apply("x")).isNull();
        assertThat(Masker.of(NULL, 0, 0, CARDS, null).apply("card 4111111111111111")).isNull();
        assertThat(Masker.of(NULL, 0, 0, CARDS, null).apply("no card")).isEqualTo("no card");
    }

    @Test
    void detectorsMaskOnlyTheMatches() {
        Masker lastFour = Masker.of(PARTIAL, 0, 4, CARDS, null);
        assertThat(lastFour.apply("please charge 4111 1111 1111 1111 today"))
                .isEqualTo("please charge ***************1111 today");
        assertThat(lastFour.apply("4111111111111111,5500-0000-0000-0004 and 3782 822463 10005"))
                .isEqualTo("************1111,***************0004 and *************0005");
        assertThat(lastFour.apply("bad 4111111111111112, short 411111111117, long 41111111111111111115"))
                .isEqualTo("bad 4111111111111112, short 411111111117, long 41111111111111111115");
        assertThat(lastFour.apply("")).isEmpty();
        assertThat(lastFour.detectors()).containsExactly(Detector.CREDIT_CARD);

        Masker emails = Masker.of(EMAIL, 0, 0, List.of(Detector.EMAIL), null);
        assertThat(emails.apply("write to jane.doe@example.com or bob@x.org!"))
                .isEqualTo("write to ****@example.com or ****@x.org!");

        Masker both = Masker.of(REDACT, 0, 0, List.of(Detector.EMAIL, Detector.CREDIT_CARD), null);
        assertThat(both.apply("jane@example.com paid with 4111-1111-1111-1111"))
                .isEqualTo("[redacted] paid with [redacted]");
        assertThat(Masker.of(EMAIL, 0, 0, CARDS, null).apply("card 4111111111111111"))
                .isEqualTo("card [redacted]");
        assertThat(Masker.of(HASH, 0, 0, CARDS, KEY).apply("card 4111111111111111"))
                .isEqualTo("card " + masker(HASH).apply("4111111111111111"));
    }

    @Test
    void recognisesMaskedForms() {
        assertThat(masker(REDACT).isMaskedForm("x [redacted] y")).isTrue();
        assertThat(masker(REDACT).isMaskedForm("redacted")).isFalse();

        assertThat(masker(EMAIL).isMaskedForm("****@example.com")).isTrue();
        assertThat(masker(EMAIL).isMaskedForm("[redacted]")).isTrue();
        assertThat(masker(EMAIL).isMaskedForm("jane@example.com")).isFalse();

        Masker partial = partial(2, 3);
        assertThat(partial.isMaskedForm("ab*****xyz")).isTrue();
        assertThat(partial.isMaskedForm("zz*xyz")).isTrue();
        assertThat(partial.isMaskedForm("ab****cxyz")).isFalse();
        assertThat(partial.isMaskedForm("***")).isTrue();
        assertThat(partial.isMaskedForm("**a")).isFalse();
        assertThat(partial.isMaskedForm("")).isFalse();
        assertThat(partial(1, 1).isMaskedForm("😀***😀")).isTrue();
        assertThat(partial(1, 1).isMaskedForm("😀*é*😀")).isFalse();

        assertThat(masker(HASH).isMaskedForm("5bdcc146bf60754e6a042426089575c7")).isTrue();
        assertThat(masker(HASH).isMaskedForm("5BDCC146BF60754E6A042426089575C7")).isFalse();
        assertThat(masker(HASH).isMaskedForm("5bdcc146bf60754e6a042426089575c")).isFalse();

        assertThat(masker(NULL).isMaskedForm("[redacted]")).isFalse();
        assertThat(Masker.of(NULL, 0, 0, CARDS, null).isMaskedForm("*********")).isFalse();

        Masker cards = Masker.of(PARTIAL, 0, 4, CARDS, null);
        assertThat(cards.isMaskedForm("card *********1234")).isTrue();
        assertThat(cards.isMaskedForm("card ********1234")).isFalse();
    }

    @Test
    void recognisesItsOwnOutput() {
        String card = "pay 4111 1111 1111 1111 or mail jane@example.com";
        List<Masker> maskers = List.of(masker(REDACT), masker(EMAIL), masker(HASH), partial(2, 2), partial(0, 4),
                Masker.of(PARTIAL, 0, 4, CARDS, null), Masker.of(REDACT, 0, 0, CARDS, null),
                Masker.of(EMAIL, 0, 0, List.of(Detector.EMAIL, Detector.CREDIT_CARD), null));
        for (Masker m : maskers) {
            assertThat(m.isMaskedForm(m.apply(card))).as(m.method() + " " + m.detectors()).isTrue();
            assertThat(m.isMaskedForm(card)).isFalse();
        }
        assertThat(masker(EMAIL).isMaskedForm(masker(EMAIL).apply("jane.doe@example.com"))).isTrue();
    }
}
