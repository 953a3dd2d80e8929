package dev.screenshots.worker.compare;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferInt;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;

import dev.screenshots.model.capture.Compare;
import dev.screenshots.model.capture.Region;
import dev.screenshots.model.job.ErrorCode;
import dev.screenshots.model.storage.StoredArtifact;
import dev.screenshots.runtime.baselines.BaselineConfiguration;
import dev.screenshots.runtime.baselines.BaselineImage;
import dev.screenshots.runtime.baselines.BaselineStore;
import dev.screenshots.runtime.baselines.BaselineVersion;
import dev.screenshots.worker.CaptureFailure;
import dev.screenshots.worker.imaging.ImageStreams;
import dev.screenshots.worker.storage.ScreenshotStorage;
import dev.screenshots.worker.storage.StoredObject;

/**
 * Compares a stored capture with its baseline's current version ({@code compare}):
 * decodes both, compares the area they share with {@link Pixelmatch} (ignored regions and
 * the boxes of ignored selectors masked), stores the diff image as the artifact
 * {@code diff}, and says {@code same}, {@code changed} (more than
 * {@code maxMismatchPercent} of the compared pixels differ), {@code size_changed} or
 * {@code no_baseline} (then, with {@code autoCreate}, the capture becomes version 1);
 * with {@code advance}, a changed capture becomes the baseline's next version.
 */
@Component
@Import(BaselineConfiguration.class)
public class ImageComparer {

	private static final Logger log = LoggerFactory.getLogger(ImageComparer.class);

	/** The artifact name of the diff image. */
	public static final String DIFF = "diff";

	/**
	 * The largest image compared, in pixels: a comparison holds about 20 bytes per pixel
	 * at once (both images decoded and as pixel arrays, the mask, the diff), 240 MB at
	 * this size.
	 */
	public static final long MAX_PIXELS = 12_000_000;

	private final BaselineStore baselines;

	private final ScreenshotStorage storage;

	ImageComparer(BaselineStore baselines, ScreenshotStorage storage) {
		this.baselines = baselines;
		this.storage = storage;
	}

	/**
	 * Compares a job's stored image with its baseline.
	 * @param jobId the job
	 * @param createdAt when the job was created (the diff's key)
	 * @param tenant the job's tenant
	 * @param compare what to compare with, and how
	 * @param encoded the stored image's bytes
	 * @param stored where the image is stored, and what it is
	 * @param selectorBoxes the boxes of {@code ignoreSelectors}' elements, in image
	 * pixels
	 * @return the comparison
	 * @throws CaptureFailure {@code STORAGE_FAILED} when the baseline cannot be read,
	 * {@code CAPTURE_FAILED} when an image cannot be decoded
	 */
	public Comparison compare(UUID jobId, Instant createdAt, String tenant, Compare compare, byte[] encoded,
			BaselineImage stored, List<Region> selectorBoxes) {
		Map<String, Object> result = new LinkedHashMap<>();
		result.put("baseline", compare.baseline());
		// an earlier attempt of this job may have made a version already: a retry reports
		// what that attempt found instead of comparing with its own picture
		Optional<BaselineVersion> own = this.baselines.versionOf(tenant, compare.baseline(), jobId);
		if (own.isPresent() && own.get().version() == 1) {
			return created(result, own.get());
		}
		Optional<BaselineVersion> current = own.isPresent()
				? this.baselines.version(tenant, compare.baseline(), own.get().version() - 1)
				: this.baselines.current(tenant, compare.baseline());
		if (current.isEmpty()) {
			result.put("status", "no_baseline");
			result.put("changed", false);
			if (compare.autoCreate()) {
				Optional<BaselineVersion> created = this.baselines.add(tenant, compare.baseline(), jobId, stored,
						"auto", true);
				if (created.isPresent()) {
					return created(result, created.get());
				}
				// made at the same moment by another job: compare with that one
				current = this.baselines.current(tenant, compare.baseline());
			}
			if (current.isEmpty()) {
				return new Comparison(result, null);
			}
		}
		BaselineVersion baseline = current.get();
		BufferedImage expected = decode(readBaseline(baseline), "the baseline's image");
		BufferedImage actual = decode(encoded, "the capture");
		int width = Math.min(expected.getWidth(), actual.getWidth());
		int height = Math.min(expected.getHeight(), actual.getHeight());
		boolean sizeChanged = expected.getWidth() != actual.getWidth() || expected.getHeight() != actual.getHeight();
		int[] first = expected.getRGB(0, 0, width, height, null, 0, width);
		int[] second = actual.getRGB(0, 0, width, height, null, 0, width);
		result.put("width", actual.getWidth());
		result.put("height", actual.getHeight());
		result.put("baselineWidth", expected.getWidth());
		result.put("baselineHeight", expected.getHeight());
		expected = null;
		actual = null;
		boolean[] mask = new boolean[width * height];
		int ignored = mask(mask, width, height, compare.ignoreRegions());
		ignored += mask(mask, width, height, selectorBoxes);
		// the diff is drawn straight into the image that is encoded
		BufferedImage diffImage = new BufferedImage(width, height, BufferedImage.TYPE_INT_ARGB);
		int[] diff = ((DataBufferInt) diffImage.getRaster().getDataBuffer()).getData();
		int different = Pixelmatch.compare(first, second, width, height, compare.threshold(), mask, diff);
		first = null;
		second = null;
		int compared = width * height - ignored;
		double exact = (compared > 0) ? different * 100.0 / compared : 0;
		// decided on the exact share; shown to 4 decimals
		String status = sizeChanged ? "size_changed" : (compare.isChange(exact) ? "changed" : "same");
		result.put("baselineVersion", baseline.version());
		result.put("status", status);
		result.put("changed", !status.equals("same"));
		result.put("mismatchPercent", Math.round(exact * 10_000) / 10_000.0);
		result.put("diffPixels", different);
		result.put("comparedPixels", compared);
		result.put("ignoredPixels", ignored);
		result.put("threshold", compare.threshold());
		result.put("maxMismatchPercent", compare.maxMismatchPercent());
		StoredObject object = this.storage.storeArtifact(jobId, createdAt, DIFF, "png", "image/png", png(diffImage));
		if (own.isPresent()) {
			result.put("advancedTo", own.get().version());
		}
		else if (compare.advance() && !status.equals("same")) {
			BaselineVersion next = this.baselines.add(tenant, compare.baseline(), jobId, stored, "auto", false)
				.orElseThrow();
			result.put("advancedTo", next.version());
		}
		log.debug("Job {} compared with baseline {} v{}: {} ({} of {} pixels)", jobId, compare.baseline(),
				baseline.version(), status, different, compared);
		return new Comparison(result, new StoredArtifact(DIFF, object.key(), object.contentType(), object.bytes(),
				object.sha256(), width, height, false, null, null));
	}

	private static Comparison created(Map<String, Object> result, BaselineVersion version) {
		result.put("status", "no_baseline");
		result.put("changed", false);
		result.put("baselineVersion", version.version());
		result.put("created", true);
		return new Comparison(result, null);
	}

	/** Masks the regions' pixels (clipped to the image) and counts the newly masked. */
	private static int mask(boolean[] mask, int width, int height, List<Region> regions) {
		int masked = 0;
		for (Region region : regions) {
			int left = Math.max(0, region.x());
			int top = Math.max(0, region.y());
			int right = (int) Math.min(width, (long) region.x() + region.width());
			int bottom = (int) Math.min(height, (long) region.y() + region.height());
			for (int y = top; y < bottom; y++) {
				for (int x = left; x < right; x++) {
					if (!mask[y * width + x]) {
						mask[y * width + x] = true;
						masked++;
					}
				}
			}
		}
		return masked;
	}

	private byte[] readBaseline(BaselineVersion baseline) {
		try {
			return this.baselines.image(baseline);
		}
		catch (RuntimeException ex) {
			throw new CaptureFailure(ErrorCode.STORAGE_FAILED, "Reading the image of baseline " + baseline.name() + " v"
					+ baseline.version() + " failed: " + ex.getMessage(), ex);
		}
	}

	private static BufferedImage decode(byte[] encoded, String what) {
		try {
			int[] size = size(encoded);
			if (size != null && (long) size[0] * size[1] > MAX_PIXELS) {
				throw new CaptureFailure(ErrorCode.INVALID_REQUEST,
						"compare takes images of at most " + MAX_PIXELS / 1_000_000 + " megapixels; " + what + " is "
								+ size[0] + " × " + size[1] + " (use maxHeight, clip or a smaller viewport)");
			}
			BufferedImage image = ImageStreams.read(encoded);
			if (image == null) {
				throw new IOException("no reader for it");
			}
			return image;
		}
		catch (IOException ex) {
			throw new CaptureFailure(ErrorCode.CAPTURE_FAILED, "Decoding " + what + " failed: " + ex.getMessage(), ex);
		}
	}

	/**
	 * The image's size from its header, without decoding it; {@code null} if unreadable.
	 */
	private static int[] size(byte[] encoded) throws IOException {
		try (ImageInputStream input = ImageStreams.reading(encoded)) {
			Iterator<ImageReader> readers = ImageIO.getImageReaders(input);
			if (!readers.hasNext()) {
				return null;
			}
			ImageReader reader = readers.next();
			try {
				reader.setInput(input);
				return new int[] { reader.getWidth(0), reader.getHeight(0) };
			}
			finally {
				reader.dispose();
			}
		}
	}

	private static byte[] png(BufferedImage image) {
		try {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			try (ImageOutputStream stream = ImageStreams.writing(out)) {
				ImageIO.write(image, "png", stream);
			}
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
