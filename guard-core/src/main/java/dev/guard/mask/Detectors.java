package dev.guard.mask;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Finds the parts of a text that a {@link Detector} matches. Both scanners are hand-written and linear in the
 * length of the text: they run on every value of every detector-masked column, and a regular expression with
 * backtracking could be made to stall the gateway by a crafted value.
 */
public final class Detectors {

    /** A match in UTF-16 indices: {@code start} inclusive, {@code end} exclusive. */
    public record Span(int start, int end) {
        public Span {
            if (start < 0 || end <= start) {
                throw new IllegalArgumentException("not a span: " + start + ".." + end);
            }
        }
    }

    private static final int MIN_CARD_DIGITS = 13;
    private static final int MAX_CARD_DIGITS = 19;

    private Detectors() {
    }

    /** The non-overlapping matches of {@code detector} in {@code text}, left to right. */
    public static List<Span> find(Detector detector, String text) {
        Objects.requireNonNull(text, "text");
        return switch (detector) {
            case CREDIT_CARD -> findCards(text);
            case EMAIL -> findEmails(text);
        };
    }

    /** The matches of all detectors, left to right; of overlapping matches the earlier (then the longer) wins. */
    static List<Span> findAll(List<Detector> detectors, String text) {
        if (detectors.size() == 1) {
            return find(detectors.get(0), text);
        }
        List<Span> all = new ArrayList<>();
        for (Detector detector : detectors) {
            all.addAll(find(detector, text));
        }
        all.sort(Comparator.comparingInt(Span::start).thenComparing(Span::end, Comparator.reverseOrder()));
        List<Span> kept = new ArrayList<>(all.size());
        int end = 0;
        for (Span span : all) {
            if (span.start() >= end) {
                kept.add(span);
                end = span.end();
            }
        }
        return kept;
    }

    /**
     * Cards. A run is a maximal sequence of digit groups joined by single spaces or dashes (mixed is fine). A card
     * is a window of whole groups of that run holding 13 to 19 digits that passes the Luhn check. Windows start
     * and end at group boundaries, so a card is never cut out of a longer digit group (25 digits in a row are not
     * a card), yet a card glued to other groups by single separators is still found. From each start group the
     * longest valid window wins, scanning left to right; at most 7 digit counts are possible per start.
     */
    private static List<Span> findCards(String text) {
        List<Span> found = new ArrayList<>();
        int[] groupStart = new int[8];
        int[] groupEnd = new int[8];
        int n = text.length();
        int i = 0;
        while (i < n) {
            if (!isDigit(text.charAt(i))) {
                i++;
                continue;
            }
            int groups = 0;
            while (true) {
                int start = i;
                while (i < n && isDigit(text.charAt(i))) {
                    i++;
                }
                if (groups == groupStart.length) {
                    groupStart = Arrays.copyOf(groupStart, groups * 2);
                    groupEnd = Arrays.copyOf(groupEnd, groups * 2);
                }
                groupStart[groups] = start;
                groupEnd[groups] = i;
                groups++;
                if (i + 1 < n && isCardSeparator(text.charAt(i)) && isDigit(text.charAt(i + 1))) {
                    i++;
                } else {
                    break;
                }
            }
            findCardsInRun(text, groupStart, groupEnd, groups, found);
        }
        return found;
    }

    private static void findCardsInRun(String text, int[] groupStart, int[] groupEnd, int groups, List<Span> found) {
        int first = 0;
        while (first < groups) {
            int longestValidLast = -1;
            int digits = 0;
            for (int last = first; last < groups; last++) {
                digits += groupEnd[last] - groupStart[last];
                if (digits > MAX_CARD_DIGITS) {
                    break;
                }
                if (digits >= MIN_CARD_DIGITS && luhnValid(text, groupStart[first], groupEnd[last])) {
                    longestValidLast = last;
                }
            }
            if (longestValidLast >= 0) {
                found.add(new Span(groupStart[first], groupEnd[longestValidLast]));
                first = longestValidLast + 1;
            } else {
                first++;
            }
        }
    }

    /** The Luhn check over the digits of {@code text[from, to)}, separators skipped. */
    static boolean luhnValid(CharSequence text, int from, int to) {
        int sum = 0;
        boolean doubled = false;
        for (int i = to - 1; i >= from; i--) {
            char c = text.charAt(i);
            if (!isDigit(c)) {
                continue;
            }
            int d = c - '0';
            if (doubled) {
                d = d * 2 > 9 ? d * 2 - 9 : d * 2;
            }
            sum += d;
            doubled = !doubled;
        }
        return sum % 10 == 0;
    }

    /**
     * E-mail addresses: {@code [A-Za-z0-9._%+-]+@} then dot-separated labels of {@code [A-Za-z0-9-]+}, at least
     * two, the last one 2+ letters (the longest such domain). Linear because neither the backward scan of the
     * local part nor the forward scan of the domain can cross an {@code @}.
     */
    private static List<Span> findEmails(String text) {
        List<Span> found = new ArrayList<>();
        int previousEnd = 0;
        for (int at = text.indexOf('@'); at >= 0; at = text.indexOf('@', at + 1)) {
            int start = at;
            while (start > previousEnd && isLocalPartChar(text.charAt(start - 1))) {
                start--;
            }
            if (start == at) {
                continue;
            }
            int end = domainEnd(text, at + 1);
            if (end >= 0) {
                found.add(new Span(start, end));
                previousEnd = end;
            }
        }
        return found;
    }

    /** Where the longest valid domain starting at {@code from} ends, or -1 if there is none. */
    private static int domainEnd(String text, int from) {
        int n = text.length();
        int i = from;
        int labels = 0;
        int end = -1;
        while (true) {
            int labelStart = i;
            boolean allLetters = true;
            while (i < n && isLabelChar(text.charAt(i))) {
                allLetters &= isLetter(text.charAt(i));
                i++;
            }
            if (i == labelStart) {
                return end;
            }
            labels++;
            if (labels >= 2 && allLetters && i - labelStart >= 2) {
                end = i;
            }
            if (i + 1 < n && text.charAt(i) == '.' && isLabelChar(text.charAt(i + 1))) {
                i++;
            } else {
                return end;
            }
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isCardSeparator(char c) {
        return c == ' ' || c == '-';
    }

    private static boolean isLabelChar(char c) {
        return isLetter(c) || isDigit(c) || c == '-';
    }

    private static boolean isLocalPartChar(char c) {
        return isLabelChar(c) || c == '.' || c == '_' || c == '%' || c == '+';
    }
}
