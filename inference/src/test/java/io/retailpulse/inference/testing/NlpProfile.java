package io.retailpulse.inference.testing;

import io.quarkus.test.junit.QuarkusTestProfile;

/**
 * The sentiment and entity ITs run in their own application (and so their own database): the topic ITs count every
 * stored feedback of the week, which scored posts from these tests would change.
 */
public class NlpProfile implements QuarkusTestProfile {}
