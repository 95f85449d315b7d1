package dev.faceforge.projections.events;

import java.math.BigDecimal;
import java.util.List;

/**
 * An admin-declared key: what values of {@code fieldKey} must look like, for entity {@code fields}
 * ({@code scope = entity}) or for descriptors ({@code scope = descriptor}).
 */
public record FieldDefinition(String fieldKey, String scope, String type, String label, String description,
                              boolean required, List<String> options, String regex, BigDecimal min,
                              BigDecimal max) {
}
