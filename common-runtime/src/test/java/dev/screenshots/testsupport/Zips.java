package dev.screenshots.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveOutputStream;

/**
 * Zip archives for bundle tests, built in memory.
 *
 * <pre>
 * byte[] zip = Zips.of("index.html", "&lt;p&gt;hi&lt;/p&gt;", "css/site.css", "p {}");
 * </pre>
 */
public final class Zips {

	private Zips() {
	}

	/**
	 * A zip of text files.
	 * @param pathsAndContents path, content, path, content…; a {@code null} content makes
	 * a directory entry
	 * @return the archive
	 */
	public static byte[] of(String... pathsAndContents) {
		Map<String, byte[]> files = new LinkedHashMap<>();
		for (int i = 0; i < pathsAndContents.length; i += 2) {
			String content = pathsAndContents[i + 1];
			files.put(pathsAndContents[i], (content != null) ? content.getBytes(StandardCharsets.UTF_8) : null);
		}
		return of(files);
	}

	/**
	 * A zip of files, in the map's order. Names are written as given, so hostile names
	 * ({@code ../x}, {@code /etc/passwd}) end up in the archive.
	 * @param files content by path; a {@code null} content makes a directory entry
	 * @return the archive
	 */
	public static byte[] of(Map<String, byte[]> files) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
			for (Map.Entry<String, byte[]> file : files.entrySet()) {
				out.putArchiveEntry(new ZipArchiveEntry(file.getKey()));
				if (file.getValue() != null) {
					out.write(file.getValue());
				}
				out.closeArchiveEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	/**
	 * A zip whose {@code index.html} shows a file that is a symbolic link.
	 * @param link the link's name
	 * @param target where it points, e.g. {@code /etc/passwd}
	 * @return the archive
	 */
	public static byte[] withSymlink(String link, String target) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (ZipArchiveOutputStream out = new ZipArchiveOutputStream(bytes)) {
			out.putArchiveEntry(new ZipArchiveEntry("index.html"));
			out.write(("<img src='" + link + "'>").getBytes(StandardCharsets.UTF_8));
			out.closeArchiveEntry();
			ZipArchiveEntry entry = new ZipArchiveEntry(link);
			entry.setUnixMode(0120777);
			out.putArchiveEntry(entry);
			out.write(target.getBytes(StandardCharsets.UTF_8));
			out.closeArchiveEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

}
