package dev.screenshots.api.sources;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipFile;
import org.apache.commons.compress.utils.SeekableInMemoryByteChannel;

import org.springframework.stereotype.Component;
import org.springframework.web.multipart.MultipartFile;

import dev.screenshots.api.system.ApiLimitsProperties;

/**
 * Turns inline HTML, uploaded files or an uploaded zip into a checked
 * {@link SourceBundle}: relative paths only (no {@code ..}, no absolute or drive paths,
 * no backslashes, no control characters), no symlinks, no duplicates, at most
 * {@code api.limits.max-bundle-files} files and {@code api.limits.max-bundle-size} bytes,
 * and a zip's sizes measured while inflating (never trusted from its headers) against
 * {@code api.limits.max-zip-ratio}.
 */
@Component
public class BundleReader {

	/** The page opened when the request names none. */
	public static final String DEFAULT_ENTRY = "index.html";

	/**
	 * The longest path, in bytes of UTF-8: with the job's prefix it stays within the
	 * 1,024 bytes of an S3 object key, which a path of 512 characters in a script of two
	 * or three bytes a character would not (S3 refused it, answered as the store being
	 * unavailable).
	 */
	private static final int MAX_PATH = 512;

	private final ApiLimitsProperties limits;

	BundleReader(ApiLimitsProperties limits) {
		this.limits = limits;
	}

	/**
	 * An inline HTML document as a one-file bundle.
	 * @param html the document
	 * @return the bundle, entry {@code index.html}
	 * @throws BundleTooLargeException over {@code api.limits.max-html}
	 */
	public SourceBundle fromHtml(String html) {
		byte[] bytes = html.getBytes(StandardCharsets.UTF_8);
		if (bytes.length > this.limits.maxHtml().toBytes()) {
			throw new BundleTooLargeException("The html document is " + bytes.length + " bytes, over the limit of "
					+ this.limits.maxHtml().toBytes(), "api.limits.max-html");
		}
		return new SourceBundle(DEFAULT_ENTRY, List.of(new SourceBundle.File(DEFAULT_ENTRY, bytes)));
	}

	/**
	 * Uploaded files, each named by its relative path.
	 * @param uploads the files
	 * @param entry the page to open, or {@code null} for {@code index.html}
	 * @return the bundle
	 */
	public SourceBundle fromFiles(List<MultipartFile> uploads, String entry) {
		List<SourceBundle.File> files = new ArrayList<>();
		long total = 0;
		for (MultipartFile upload : uploads) {
			checkCount(files.size() + 1);
			String path = normalise(upload.getOriginalFilename());
			total += upload.getSize();
			checkSize(total);
			try {
				files.add(new SourceBundle.File(path, upload.getBytes()));
			}
			catch (IOException ex) {
				throw new InvalidBundleException("The file " + path + " could not be read");
			}
		}
		return bundle(files, entry);
	}

	/**
	 * An uploaded zip.
	 * @param upload the zip
	 * @param entry the page to open, or {@code null} for {@code index.html}
	 * @return the bundle
	 */
	public SourceBundle fromZip(MultipartFile upload, String entry) {
		byte[] zip;
		try {
			zip = upload.getBytes();
		}
		catch (IOException ex) {
			throw new InvalidBundleException("The zip could not be read");
		}
		long byRatio = (long) zip.length * this.limits.maxZipRatio();
		long allowed = Math.min(this.limits.maxBundleSize().toBytes(), byRatio);
		BundleTooLargeException overAllowance = (byRatio < this.limits.maxBundleSize().toBytes())
				? new BundleTooLargeException("The zip inflates to more than " + this.limits.maxZipRatio()
						+ " times its own size of " + zip.length + " bytes", "api.limits.max-zip-ratio")
				: new BundleTooLargeException(
						"The zip inflates to more than " + this.limits.maxBundleSize().toBytes() + " bytes",
						"api.limits.max-bundle-size");
		List<SourceBundle.File> files = new ArrayList<>();
		long total = 0;
		try (ZipFile archive = ZipFile.builder().setSeekableByteChannel(new SeekableInMemoryByteChannel(zip)).get()) {
			Enumeration<ZipArchiveEntry> entries = archive.getEntries();
			while (entries.hasMoreElements()) {
				ZipArchiveEntry zipEntry = entries.nextElement();
				if (zipEntry.isUnixSymlink()) {
					throw new InvalidBundleException("The zip contains a symbolic link: " + zipEntry.getName());
				}
				if (zipEntry.isDirectory()) {
					// trailing slashes cut by hand: "/+$" is quadratic on a name of
					// many slashes followed by something else
					String name = zipEntry.getName();
					int end = name.length();
					while (end > 0 && name.charAt(end - 1) == '/') {
						end--;
					}
					normalise(name.substring(0, end) + "/x");
					continue;
				}
				if (!archive.canReadEntryData(zipEntry)) {
					throw new InvalidBundleException("The zip entry " + zipEntry.getName()
							+ " is encrypted or uses an unsupported compression method");
				}
				checkCount(files.size() + 1);
				String path = normalise(zipEntry.getName());
				try (InputStream in = archive.getInputStream(zipEntry)) {
					byte[] content = readAtMost(in, allowed - total, overAllowance);
					total += content.length;
					files.add(new SourceBundle.File(path, content));
				}
			}
		}
		catch (InvalidBundleException | BundleTooLargeException ex) {
			throw ex;
		}
		catch (IOException | RuntimeException ex) {
			// commons-compress reports some corrupt archives with runtime exceptions
			throw new InvalidBundleException("The upload is not a readable zip file");
		}
		return bundle(files, entry);
	}

	private SourceBundle bundle(List<SourceBundle.File> files, String entry) {
		if (files.isEmpty()) {
			throw new InvalidBundleException("The bundle holds no files");
		}
		Set<String> paths = new HashSet<>();
		for (SourceBundle.File file : files) {
			if (!paths.add(file.path())) {
				throw new InvalidBundleException("The bundle holds " + file.path() + " twice");
			}
		}
		String page = normalise((entry != null) ? entry : DEFAULT_ENTRY);
		if (!paths.contains(page)) {
			throw new InvalidBundleException("The entry page " + page + " is not in the bundle");
		}
		return new SourceBundle(page, List.copyOf(files));
	}

	/**
	 * Reads an entry, stopping with an error as soon as it passes what is left of the
	 * allowance.
	 */
	private static byte[] readAtMost(InputStream in, long remaining, BundleTooLargeException over) throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		byte[] buffer = new byte[64 * 1024];
		int n;
		long read = 0;
		while ((n = in.read(buffer)) >= 0) {
			read += n;
			if (read > remaining) {
				throw over;
			}
			out.write(buffer, 0, n);
		}
		return out.toByteArray();
	}

	private void checkCount(int files) {
		if (files > this.limits.maxBundleFiles()) {
			throw new BundleTooLargeException("The bundle holds more than " + this.limits.maxBundleFiles() + " files",
					"api.limits.max-bundle-files");
		}
	}

	private void checkSize(long bytes) {
		if (bytes > this.limits.maxBundleSize().toBytes()) {
			throw new BundleTooLargeException(
					"The bundle is larger than " + this.limits.maxBundleSize().toBytes() + " bytes",
					"api.limits.max-bundle-size");
		}
	}

	/**
	 * Checks and normalises a relative path inside a bundle.
	 * @param raw the path as uploaded
	 * @return the path
	 * @throws InvalidBundleException for anything that could leave the bundle or is not a
	 * plain relative path
	 */
	static String normalise(String raw) {
		if (raw == null || raw.isEmpty()) {
			throw new InvalidBundleException("A file has no name: name each file by its relative path");
		}
		if (raw.length() > MAX_PATH || raw.getBytes(StandardCharsets.UTF_8).length > MAX_PATH) {
			throw new InvalidBundleException("A path is longer than " + MAX_PATH + " bytes (UTF-8)");
		}
		if (raw.chars().anyMatch((c) -> c < 0x20 || c == 0x7F)) {
			throw new InvalidBundleException("The path '" + printable(raw) + "' contains control characters");
		}
		if (raw.indexOf('\\') >= 0) {
			throw new InvalidBundleException("The path '" + raw + "' contains a backslash; use '/'");
		}
		if (raw.startsWith("/") || raw.matches("^[A-Za-z]:.*")) {
			throw new InvalidBundleException("The path '" + raw + "' is absolute; paths must be relative");
		}
		for (String segment : raw.split("/", -1)) {
			if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
				throw new InvalidBundleException(
						"The path '" + raw + "' has an empty, '.' or '..' segment; paths must stay inside the bundle");
			}
		}
		return raw;
	}

	private static String printable(String raw) {
		return raw.replaceAll("\\p{Cntrl}", "?");
	}

}
