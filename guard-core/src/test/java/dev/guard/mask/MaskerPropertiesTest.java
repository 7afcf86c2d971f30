package dev.guard.mask;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.arbitrary;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.strings;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.quicktheories.QuickTheory;
import org.quicktheories.core.Gen;

/** Properties of the masking methods and detectors over generated values (QuickTheories, fixed seed). */
class MaskerPropertiesTest {

    private static final byte[] KEY = "property-key".getBytes(StandardCharsets.UTF_8);
    private static final List<Detector> CARDS = List.of(Detector.CREDIT_CARD);

    private static QuickTheory theory(int examples) {
        return qt().withFixedSeed(42L).withExamples(examples);
    }

    /** Any string: arbitrary code points (lone surrogates included) or Basic Multilingual Plane text. */
    private static Gen<String> anyString() {
        return strings().allPossible().ofLengthBetween(0, 40)
                .mix(strings().basicMultilingualPlaneAlphabet().ofLengthBetween(0, 40));
    }

    /** Strings of the given characters (each a UTF-16 unit, as the old generator's {@code withChars}). */
    private static Gen<String> stringsOf(String chars, int maxLength) {
        List<Character> alphabet = chars.chars().mapToObj(c -> (char) c).toList();
        return lists().of(arbitrary().pick(alphabet)).ofSizeBetween(0, maxLength).map(l -> {
            StringBuilder out = new StringBuilder(l.size());
            l.forEach(out::append);
            return out.toString();
        });
    }

    @Test
    void partialKeepsLengthPrefixAndSuffix() {
        theory(1000).forAll(anyString(), integers().between(0, 6), integers().between(0, 6))
                .checkAssert((value, keepFirst, keepLast) -> {
                    Masker masker = Masker.of(MaskMethod.PARTIAL, keepFirst, keepLast, List.of(), null);
                    String masked = masker.apply(value);
                    int[] in = value.codePoints().toArray();
                    int[] out = masked.codePoints().toArray();
                    assertThat(out).hasSameSizeAs(in);
                    boolean somethingKept = in.length > keepFirst + keepLast;
                    for (int i = 0; i < in.length; i++) {
                        boolean kept = somethingKept && (i < keepFirst || i >= in.length - keepLast);
                        assertThat(out[i]).isEqualTo(kept ? in[i] : '*');
                    }
                    assertThat(masker.isMaskedForm(masked)).isEqualTo(in.length > 0);
                });
    }

    @Test
    void wholeValueMaskingHidesAndIsRecognised() {
        Masker redact = Masker.of(MaskMethod.REDACT, 0, 0, List.of(), null);
        Masker email = Masker.of(MaskMethod.EMAIL, 0, 0, List.of(), null);
        Masker hash = Masker.of(MaskMethod.HASH, 0, 0, List.of(), KEY);
        Masker nulls = Masker.of(MaskMethod.NULL, 0, 0, List.of(), null);
        theory(1000).forAll(anyString().mix(stringsOf("ab@.-x😀", 20))).checkAssert(value -> {
            assertThat(redact.apply(value)).isEqualTo("[redacted]");
            assertThat(redact.isMaskedForm(redact.apply(value))).isTrue();
            assertThat(hash.apply(value)).isEqualTo(hash.apply(value)).matches("[0-9a-f]{32}");
            assertThat(hash.isMaskedForm(hash.apply(value))).isTrue();
            String masked = email.apply(value);
            assertThat(email.isMaskedForm(masked)).isTrue();
            if (value.indexOf('@') >= 0) {
                assertThat(masked).startsWith("****@").isEqualTo("****" + value.substring(value.lastIndexOf('@')));
            } else {
                assertThat(masked).isEqualTo("[redacted]");
            }
            assertThat(nulls.apply(value)).isNull();
        });
    }

    @Test
    void detectorMaskingChangesOnlyMatches() {
        // methods whose masked match holds no digits, so no new card can appear in the output
        Gen<MaskMethod> detectorMethods = arbitrary().pick(List.of(MaskMethod.REDACT, MaskMethod.PARTIAL, MaskMethod.EMAIL));
        theory(1000).forAll(cardishText(), detectorMethods).checkAssert((text, method) -> {
            Masker masker = Masker.of(method, 0, 0, List.of(Detector.CREDIT_CARD, Detector.EMAIL), null);
            Masker whole = Masker.of(method, 0, 0, List.of(), null);
            StringBuilder expected = new StringBuilder();
            int pos = 0;
            for (Detectors.Span span : Detectors.findAll(masker.detectors(), text)) {
                expected.append(text, pos, span.start()).append(whole.apply(text.substring(span.start(), span.end())));
                pos = span.end();
            }
            expected.append(text.substring(pos));
            String masked = masker.apply(text);
            assertThat(masked).isEqualTo(expected.toString());
            assertThat(Detectors.find(Detector.CREDIT_CARD, masked)).isEmpty();
        });
    }

    @Test
    void embeddedCardsAreAlwaysMasked() {
        Gen<String> plainText = stringsOf(" ,.-:;abcXYZé€😀@", 20);
        theory(1000).forAll(plainText, cards(), plainText, integers().between(0, 4))
                .checkAssert((before, card, after, keepLast) -> {
                    Masker masker = Masker.of(MaskMethod.PARTIAL, 0, keepLast, CARDS, null);
                    String masked = masker.apply(before + card + after);
                    String kept = card.substring(card.length() - keepLast);
                    String hidden = "*".repeat(card.length() - keepLast);
                    assertThat(masked).isEqualTo(before + hidden + kept + after);
                    assertThat(Detectors.find(Detector.CREDIT_CARD, masked)).isEmpty();
                    assertThat(masker.isMaskedForm(masked)).isTrue();
                });
    }

    /** Noise of digits, separators and e-mail characters around two cards. */
    private static Gen<String> cardishText() {
        Gen<String> noise = stringsOf("0123456789 --@.ax", 40);
        return noise.zip(cards(), noise, cards(), (a, b, c, d) -> a + b + c + d)
                .zip(noise, (abcd, e) -> abcd + e);
    }

    /** Luhn-valid numbers of 13 to 19 digits, written plain, in groups of four, or with single random separators. */
    static Gen<String> cards() {
        Gen<String> payload = integers().between(12, 18)
                .flatMap(n -> lists().of(integers().between(0, 9)).ofSize(n).map(MaskerPropertiesTest::digits));
        Gen<String> digits = payload.map(p -> p + checkDigit(p));
        return digits.zip(arbitrary().pick(List.of("", " ", "-", "?")), (d, sep) -> {
            StringBuilder out = new StringBuilder();
            for (int i = 0; i < d.length(); i++) {
                if (i > 0 && (sep.equals("?") ? (d.charAt(i) + i) % 3 == 0 : i % 4 == 0 && !sep.isEmpty())) {
                    out.append(sep.equals("?") ? ((d.charAt(i) % 2 == 0) ? " " : "-") : sep);
                }
                out.append(d.charAt(i));
            }
            return out.toString();
        });
    }

    private static String digits(List<Integer> list) {
        StringBuilder out = new StringBuilder(list.size());
        list.forEach(out::append);
        return out.toString();
    }

    private static char checkDigit(String payload) {
        for (char c = '0'; c <= '9'; c++) {
            String candidate = payload + c;
            if (Detectors.luhnValid(candidate, 0, candidate.length())) {
                return c;
            }
        }
        throw new AssertionError("some check digit always fits");
    }

    @Test
    void theCardGeneratorMakesValidCards() {
        theory(300).forAll(cards()).checkAssert(card -> {
            String digitsOnly = card.replaceAll("[ -]", "");
            assertThat(digitsOnly).matches("[0-9]{13,19}");
            assertThat(Detectors.luhnValid(digitsOnly, 0, digitsOnly.length())).isTrue();
            assertThat(Detectors.find(Detector.CREDIT_CARD, card)).containsExactly(new Detectors.Span(0, card.length()));
        });
    }
}
