package dev.screenshots.api.sources;

import java.util.List;

/**
 * The files of an inline-HTML or bundle job, checked.
 *
 * @param entry the path of the page to open
 * @param files the files, with normalised relative paths
 */
public record SourceBundle(String entry, List<File> files) {

	/**
	 * One file.
	 *
	 * @param path its relative path, e.g. {@code css/site.css}
	 * @param content its bytes
	 */
	public record File(String path, byte[] content) {
	}

	/**
	 * The total size of the files.
	 * @return bytes
	 */
	public long bytes() {
		return this.files.stream().mapToLong((file) -> file.content().length).sum();
	}

}
