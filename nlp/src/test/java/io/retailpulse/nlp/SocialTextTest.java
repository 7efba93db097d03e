package io.retailpulse.nlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SocialTextTest {

    private static String norm(String s) {
        return SocialText.normalize(s).text();
    }

    @Test
    void urlsAndMentionsBecomeStableTokens() {
        assertEquals("@user look url now", norm("@BestBuy look https://t.co/abc123?x=1 now"));
        assertEquals("see url", norm("see www.example.com/page"));
        assertEquals("mail me at bob@example.com", norm("mail me at bob@example.com"));
    }

    @Test
    void hashtagsLoseTheHashAndSplitCamelCase() {
        assertEquals("Black Friday deals", norm("#BlackFriday deals"));
        assertEquals("i love NYC Pizza 2", norm("i love #NYCPizza2"));
        assertEquals("so tired", norm("#so_tired"));
    }

    @Test
    void emojiBecomeWordsAndUnknownPictographsOneToken() {
        assertEquals("great laughing", norm("great😂"));
        assertEquals("ok emoji", norm("ok 🛸"));
        assertEquals("love it", norm("❤️ it"));
    }

    @Test
    void elongationsAreCutToTwoLetters() {
        assertEquals("soo goodd", norm("sooooo goodddd"));
        assertEquals("cool bookkeeper", norm("cool bookkeeper"));
    }

    @Test
    void htmlEntitiesAreDecoded() {
        assertEquals("Fish & Chips < 5 \"yes\"", norm("Fish &amp; Chips &lt; 5 &quot;yes&quot;"));
        assertEquals("it's", norm("it&#39;s"));
    }

    @Test
    void everyNormalisedSpanMapsBackIntoTheOriginal() {
        String raw = "Loving #NewYork &amp; @Target 😍 sooo much https://t.co/x";
        SocialText.Normalized n = SocialText.normalize(raw);
        int at = n.text().indexOf("York");
        int[] span = n.toOriginal(at, at + 4);
        assertEquals("York", raw.substring(span[0], span[1]));
        int amp = n.text().indexOf('&');
        int[] ampSpan = n.toOriginal(amp, amp + 1);
        assertEquals("&amp;", raw.substring(ampSpan[0], ampSpan[1]));
        int user = n.text().indexOf("@user");
        int[] userSpan = n.toOriginal(user, user + 5);
        assertEquals("@Target", raw.substring(userSpan[0], userSpan[1]));
        for (int i = 0; i < n.text().length(); i++) {
            assertTrue(n.start()[i] >= 0 && n.end()[i] <= raw.length() && n.start()[i] <= n.end()[i]);
        }
    }

    @Test
    void emptyAndOddInputNeverFail() {
        assertEquals("", norm(""));
        assertEquals("", norm(null));
        assertEquals("", norm("   \u200b\u200d "));
        assertEquals("a b", norm("a\u0000\tb"));
        String lone = norm("x\uD800y");
        assertEquals("xy", lone);
    }
}
