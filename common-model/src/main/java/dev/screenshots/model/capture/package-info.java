/**
 * What a client asks for: the capture request, its options with their defaults and
 * bounds, and the validation rules shared by the API (which answers 400) and the worker
 * (which re-checks).
 */
package dev.screenshots.model.capture;
