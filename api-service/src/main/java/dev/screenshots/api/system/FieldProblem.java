package dev.screenshots.api.system;

/**
 * One invalid field of a request, as the {@code errors} member of a
 * {@code validation-error} problem lists it.
 *
 * @param field the JSON path of the field or the query parameter, e.g.
 * {@code options.width}
 * @param message what is wrong with it
 */
public record FieldProblem(String field, String message) {
}
