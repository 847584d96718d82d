package dev.parley.server.history;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The packed texts waiting for the search index give back what went in, across growth and reuse. */
class PendingTextsTest {
    @Test
    void keepsEachTextAndIdInOrderPastEveryGrowth() {
        PendingTexts texts = new PendingTexts();
        // More texts than the first arrays hold, and more bytes: both grow several times.
        for (int i = 0; i < 5000; i++) {
            texts.add(100 + i, "text " + i + " \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00".repeat(1 + i % 7));
        }
        assertThat(texts.size()).isEqualTo(5000);
        for (int i = 0; i < 5000; i++) {
            assertThat(texts.id(i)).isEqualTo(100 + i);
            assertThat(texts.text(i)).isEqualTo("text " + i + " \u00e9\u00e8 \u4e2d\u6587 \ud83d\ude00".repeat(1 + i % 7));
        }
    }

    @Test
    void emptyTextsAndReuseAfterClear() {
        PendingTexts texts = new PendingTexts();
        texts.add(1, "");
        texts.add(2, "two");
        texts.add(3, "");
        assertThat(texts.text(0)).isEmpty();
        assertThat(texts.text(1)).isEqualTo("two");
        assertThat(texts.text(2)).isEmpty();

        texts.clear();
        assertThat(texts.isEmpty()).isTrue();
        texts.add(4, "four");
        assertThat(texts.size()).isEqualTo(1);
        assertThat(texts.id(0)).isEqualTo(4);
        assertThat(texts.text(0)).isEqualTo("four");
    }

    @Test
    void aBurstOfLongTextsIsStillReadBackAfterTheBufferIsGivenUp() {
        PendingTexts texts = new PendingTexts();
        String big = "x".repeat(300_000);
        for (int i = 0; i < 5; i++) {
            texts.add(i, big + i); // past the size kept between writes
        }
        assertThat(texts.text(4)).isEqualTo(big + 4);
        texts.clear();
        texts.add(9, "after");
        assertThat(texts.text(0)).isEqualTo("after");
    }
}
