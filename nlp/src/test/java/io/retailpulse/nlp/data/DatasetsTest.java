package io.retailpulse.nlp.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DatasetsTest {

    @Test
    void semevalJsonEscapesAreDecoded() throws Exception {
        Path f = Files.createTempFile("semeval", ".tsv");
        Files.writeString(f, "1\tpositive\tI\\u2019m here\\u002c ok\n2\tneutral\t\"quoted text\"\t\n3\tbogus\tx\n");
        List<Datasets.Labelled> rows = Datasets.semeval(f);
        assertEquals(2, rows.size());
        assertEquals("I\u2019m here, ok", rows.get(0).text());
        assertEquals(2, rows.get(0).label());
        assertEquals("quoted text", rows.get(1).text());
    }

    @Test
    void conllIob1BecomesBio() throws Exception {
        Path f = Files.createTempFile("conll", ".txt");
        Files.writeString(
                f,
                "-DOCSTART- -X- O O\n\nEU NNP I-NP I-ORG\nrejects VBZ I-VP O\nPeter NNP I-NP I-PER\n"
                        + "Blackburn NNP I-NP I-PER\nAnna NNP I-NP B-PER\n");
        Datasets.Tagged s = Datasets.conll(f).get(0);
        assertEquals(List.of("B-ORG", "O", "B-PER", "I-PER", "B-PER"), s.tags());
        assertEquals(
                List.of(new Datasets.Span(0, 1, "ORG"), new Datasets.Span(2, 4, "PER"), new Datasets.Span(4, 5, "PER")),
                Datasets.spans(s.tags()));
    }

    @Test
    void wordAtFindsTheWordHoldingACharacter() {
        int[] starts = new Datasets.Tagged(List.of("New", "York", "!"), List.of("B-LOC", "I-LOC", "O")).starts();
        assertEquals(0, TokenLabels.wordAt(starts, 2));
        assertEquals(1, TokenLabels.wordAt(starts, 4));
        assertEquals(2, TokenLabels.wordAt(starts, 9));
    }
}
