package io.retailpulse.inference.complaints;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.retailpulse.common.api.ProblemException;
import io.retailpulse.inference.shared.RequestChecks;
import jakarta.validation.Validation;
import jakarta.validation.ValidatorFactory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/** The declared rules of a clustering request answer 400s that name the field, first in field order. */
class ClusterRequestChecksTest {
    private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();
    private static final RequestChecks CHECKS = new RequestChecks(FACTORY.getValidator());

    @AfterAll
    static void close() {
        FACTORY.close();
    }

    private static String refused(ClusterRequest request) {
        ProblemException e = assertThrows(ProblemException.class, () -> CHECKS.valid(request));
        assertEquals(400, e.status());
        return e.toProblem("/api/v1/topics/cluster").detail();
    }

    private static ClusterRequest.Document doc(String id, String text) {
        return new ClusterRequest.Document(id, text);
    }

    @Test
    void aValidRequestPassesUnchanged() {
        ClusterRequest ok = new ClusterRequest(List.of(doc("a", "late delivery")), 2);
        assertSame(ok, CHECKS.valid(ok));
    }

    @Test
    void missingOrEmptyDocumentsMinTopicSizeIdsAndTextsAreNamed() {
        assertEquals(
                "documents must be a non-empty list of {\"id\",\"text\"}", refused(new ClusterRequest(null, null)));
        assertEquals(
                "documents must be a non-empty list of {\"id\",\"text\"}", refused(new ClusterRequest(List.of(), 5)));
        assertEquals("minTopicSize must be at least 2, got 1", refused(new ClusterRequest(List.of(doc("a", "x")), 1)));
        assertEquals(
                "documents[1].id is missing", refused(new ClusterRequest(List.of(doc("a", "x"), doc(" ", "y")), null)));
        assertEquals("documents[0].text is empty", refused(new ClusterRequest(List.of(doc("a", " ")), null)));
        assertEquals(
                "documents[0] is missing",
                refused(new ClusterRequest(Arrays.asList((ClusterRequest.Document) null), null)));
    }

    @Test
    void theFirstBadDocumentIsNamedByPositionNotByText() {
        List<ClusterRequest.Document> docs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            docs.add(doc("d" + i, i == 2 || i == 10 ? "" : "text"));
        }
        assertEquals("documents[2].text is empty", refused(new ClusterRequest(docs, null)));
    }
}
