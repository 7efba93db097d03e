package io.retailpulse.analytics.dashboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.retailpulse.common.events.AlertEvent;
import io.smallrye.mutiny.helpers.test.AssertSubscriber;
import java.util.List;
import org.junit.jupiter.api.Test;

class AlertHubTest {
    private final AlertHub hub = new AlertHub(LiveAlerts.JSON, 262_144);

    @Test
    void everyOpenStreamGetsEveryAlertFromItsSubscriptionOn() throws Exception {
        AlertEvent before = LiveAlerts.alert("a-0", 1, "late delivery", "before anyone listened");
        AlertEvent first = LiveAlerts.alert("a-1", 1, "late delivery", "one");
        AlertEvent second = LiveAlerts.alert("a-2", 2, "damaged packaging", "two");
        hub.onAlert(LiveAlerts.JSON.writeValueAsBytes(before));
        AssertSubscriber<AlertEvent> a = hub.alerts().subscribe().withSubscriber(AssertSubscriber.create(10));
        AssertSubscriber<AlertEvent> b = hub.alerts().subscribe().withSubscriber(AssertSubscriber.create(10));
        hub.onAlert(LiveAlerts.JSON.writeValueAsBytes(first));
        hub.onAlert(LiveAlerts.JSON.writeValueAsBytes(second));
        assertEquals(List.of(first, second), a.getItems());
        assertEquals(List.of(first, second), b.getItems());
    }

    @Test
    void aClosedStreamIsForgotten() {
        AssertSubscriber<AlertEvent> a = hub.alerts().subscribe().withSubscriber(AssertSubscriber.create(10));
        assertEquals(1, hub.listeners());
        a.cancel();
        assertEquals(0, hub.listeners());
    }

    @Test
    void aStreamThatCannotKeepUpLosesAlertsInsteadOfHoldingOthersBack() {
        AssertSubscriber<AlertEvent> slow = hub.alerts().subscribe().withSubscriber(AssertSubscriber.create(1));
        AssertSubscriber<AlertEvent> fast = hub.alerts().subscribe().withSubscriber(AssertSubscriber.create(10));
        for (int i = 0; i < 3; i++) {
            hub.publish(LiveAlerts.alert("a-" + i, 1, "late delivery", "text " + i));
        }
        assertEquals(1, slow.getItems().size());
        assertEquals(3, fast.getItems().size());
        slow.assertNotTerminated();
    }

    @Test
    void refusesRecordsThatAreNoAlertWithTheReason() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hub.parse("not json"))
                .getMessage()
                .startsWith("not an AlertEvent"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hub.parse("{\"topicId\":\"x\"}"))
                .getMessage()
                .startsWith("not an AlertEvent"));
        assertThrows(IllegalArgumentException.class, () -> hub.parse(""));
        assertEquals(
                "AlertEvent without alertId, topicLabel, text or raisedAt",
                assertThrows(
                                IllegalArgumentException.class,
                                () -> hub.parse("{\"alertId\":\"a\",\"topicId\":1,\"similarity\":0.5}"))
                        .getMessage());
        // a primitive left out is no zero: the alert is refused
        assertTrue(assertThrows(IllegalArgumentException.class, () -> hub.parse("{\"alertId\":\"a\",\"topicId\":1}"))
                .getMessage()
                .startsWith("not an AlertEvent"));
    }
}
