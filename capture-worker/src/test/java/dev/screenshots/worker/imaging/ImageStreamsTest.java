package dev.screenshots.worker.imaging;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;

import javax.imageio.ImageIO;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageOutputStream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

import dev.screenshots.model.capture.Fit;
import dev.screenshots.model.capture.ImageFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Images are decoded and encoded in memory: ImageIO, left to choose its streams, writes a
 * file to its cache directory for each one. The cache directory is pointed at a watched
 * directory for these tests and set back after. Linux only: its watch service (inotify)
 * sees a file made and deleted within moments, the polling one of other systems does not.
 */
@EnabledOnOs(OS.LINUX)
class ImageStreamsTest {

	@TempDir
	Path cache;

	private File cacheBefore;

	private boolean useCacheBefore;

	@BeforeEach
	void watchTheCache() {
		this.cacheBefore = ImageIO.getCacheDirectory();
		this.useCacheBefore = ImageIO.getUseCache();
		ImageIO.setUseCache(true);
		ImageIO.setCacheDirectory(this.cache.toFile());
	}

	@AfterEach
	void restoreTheCache() {
		ImageIO.setCacheDirectory(this.cacheBefore);
		ImageIO.setUseCache(this.useCacheBefore);
	}

	@Test
	void imageIosOwnStreamsWriteAFileToTheCacheSoTheWatchSeesThem() throws Exception {
		byte[] png = png();
		try (WatchService watch = watch()) {
			// (read closes the stream)
			ImageInputStream input = ImageIO.createImageInputStream(new ByteArrayInputStream(png));
			assertThat(ImageIO.read(input)).isNotNull();
			assertThat(created(watch)).as("a file made for reading").isTrue();

			try (ImageOutputStream output = ImageIO.createImageOutputStream(new ByteArrayOutputStream())) {
				ImageIO.write(ImageIO.read(ImageStreams.reading(png)), "png", output);
			}
			assertThat(created(watch)).as("a file made for writing").isTrue();
		}
	}

	@Test
	void scalingAnImageWritesNoFile() throws Exception {
		byte[] png = png();
		try (WatchService watch = watch()) {
			ScaledImage scaled = ImageScaler.scale(png, ImageFormat.PNG, 40, null, Fit.COVER, ImageFormat.PNG, 80);

			BufferedImage image = ImageIO.read(ImageStreams.reading(scaled.bytes()));
			assertThat(image.getWidth()).isEqualTo(40);
			assertThat(image.getRGB(10, 10) & 0xFFFFFF).isEqualTo(0xFF0000);
			assertThat(created(watch)).isFalse();
		}
	}

	@Test
	void anImageWrittenThroughTheStreamIsWholeOnceTheStreamIsClosed() throws IOException {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		try (ImageOutputStream stream = ImageStreams.writing(out)) {
			ImageIO.write(ImageIO.read(ImageStreams.reading(png())), "png", stream);
		}

		BufferedImage image = ImageIO.read(new ByteArrayInputStream(out.toByteArray()));
		assertThat(image.getWidth()).isEqualTo(80);
		assertThat(image.getRGB(70, 30) & 0xFFFFFF).isEqualTo(0x0000FF);
	}

	private WatchService watch() throws IOException {
		WatchService watch = this.cache.getFileSystem().newWatchService();
		this.cache.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
		return watch;
	}

	/** Whether a file was made in the cache directory since the last look. */
	private static boolean created(WatchService watch) throws InterruptedException {
		// inotify reports a creation within moments; a second is generous
		WatchKey key = watch.poll(1, TimeUnit.SECONDS);
		if (key == null) {
			return false;
		}
		boolean any = !key.pollEvents().isEmpty();
		key.reset();
		return any;
	}

	/** An 80 × 40 picture: red on the left half, blue on the right. */
	private static byte[] png() throws IOException {
		BufferedImage image = new BufferedImage(80, 40, BufferedImage.TYPE_INT_RGB);
		Graphics2D graphics = image.createGraphics();
		graphics.setColor(Color.RED);
		graphics.fillRect(0, 0, 40, 40);
		graphics.setColor(Color.BLUE);
		graphics.fillRect(40, 0, 40, 40);
		graphics.dispose();
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ImageIO.write(image, "png", out);
		return out.toByteArray();
	}

}
