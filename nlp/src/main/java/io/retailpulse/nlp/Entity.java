package io.retailpulse.nlp;

/** A named entity: character offsets into the original text (end exclusive), type PERSON, LOCATION, ORGANIZATION or MISC. */
public record Entity(int start, int end, String type, String text, double score) {}
