package dev.guard.mask;

import static org.assertj.core.api.Assertions.assertThat;

import dev.guard.mask.Detectors.Span;
import java.util.List;
import org.junit.jupiter.api.Test;

class DetectorsTest {

    private static List<String> cards(String text) {
        return Detectors.find(Detector.CREDIT_CARD, text).stream()
                .map(s -> text.substring(s.start(), s.end())).toList();
    }

    private static List<String> emails(String text) {
        return Detectors.find(Detector.EMAIL, text).stream()
                .map(s -> text.substring(s.start(), s.end())).toList();
    }

    @Test
    void findsCardsWithAndWithoutSeparators() {
        assertThat(cards("a 4111111111111111 b 5500-0000-0000-0004 c 3782 822463 10005."))
                .containsExactly("4111111111111111", "5500-0000-0000-0004", "3782 822463 10005");
        assertThat(cards("4222222222222")).containsExactly("4222222222222");
        assertThat(cards("x6011000000000000001y")).containsExactly("6011000000000000001");
        assertThat(Detectors.find(Detector.CREDIT_CARD, "pay 4111111111111111 now"))
                .containsExactly(new Span(4, 20));
    }

    @Test
    void rejectsBadChecksumsLengthsAndSeparators() {
        assertThat(cards("4111111111111112")).isEmpty();
        assertThat(cards("411111111117")).as("12 digits, Luhn-valid").isEmpty();
        assertThat(cards("41111111111111111115")).as("20 digits in one group").isEmpty();
        assertThat(cards("4111111111111111111111111")).as("25 digits").isEmpty();
        assertThat(cards("4111  1111 1111 1111")).as("double separator").isEmpty();
        assertThat(cards("4111.1111.1111.1111")).isEmpty();
    }

    @Test
    void findsACardGluedToOtherGroupsButNotInsideAGroup() {
        assertThat(cards("1234 4111 1111 1111 1111")).containsExactly("4111 1111 1111 1111");
        assertThat(cards("4111 1111 1111 1111 -")).containsExactly("4111 1111 1111 1111");
        assertThat(cards("94111111111111111")).isEmpty();
    }

    @Test
    void findsEmails() {
        assertThat(emails("mail jane.doe@example.com, or j+x@mail.example.co.uk."))
                .containsExactly("jane.doe@example.com", "j+x@mail.example.co.uk");
        assertThat(emails("a@b.c1 x@localhost @example.com a@b.c")).isEmpty();
        assertThat(emails("x@a.com@b.com")).containsExactly("x@a.com");
        assertThat(emails("a@b.com.x1")).containsExactly("a@b.com");
    }

    @Test
    void scansMegabyteInputs() {
        int mb = 1 << 20;
        assertThat(Detectors.find(Detector.EMAIL, "a".repeat(mb))).isEmpty();
        assertThat(Detectors.find(Detector.EMAIL, "a@a.".repeat(mb / 4))).isEmpty();
        assertThat(Detectors.find(Detector.EMAIL, "a.".repeat(mb / 2) + "@" + "a.".repeat(mb / 2))).isEmpty();
        assertThat(Detectors.find(Detector.CREDIT_CARD, "1".repeat(mb))).isEmpty();
        // no run of 13 to 19 ones passes Luhn, so every start tries all 7 window lengths
        assertThat(Detectors.find(Detector.CREDIT_CARD, "1 ".repeat(mb / 2))).isEmpty();
        assertThat(Detectors.find(Detector.CREDIT_CARD, "4111-1111-1111-1111-".repeat(mb / 20))).hasSize(mb / 20);
    }
}
