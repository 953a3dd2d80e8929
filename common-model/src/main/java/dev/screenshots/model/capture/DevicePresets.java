package dev.screenshots.model.capture;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Named devices ({@code "device": "iPhone 15"}): viewport, pixel density, touch, mobile
 * layout and user agent. Explicit options override the preset's values. Names match
 * case-insensitively.
 */
public final class DevicePresets {

	private static final String IOS = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

	private static final String IPADOS = "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 "
			+ "(KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1";

	private static final String ANDROID = "Mozilla/5.0 (Linux; Android 14; %s) AppleWebKit/537.36 (KHTML, like Gecko) "
			+ "Chrome/124.0.0.0 Mobile Safari/537.36";

	private static final String ANDROID_TABLET = "Mozilla/5.0 (Linux; Android 14; %s) AppleWebKit/537.36 "
			+ "(KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

	private static final Map<String, Device> DEVICES = new LinkedHashMap<>();

	static {
		add(new Device("iPhone 15", 393, 852, 3, true, true, IOS));
		add(new Device("iPhone 15 Pro Max", 430, 932, 3, true, true, IOS));
		add(new Device("iPhone SE", 375, 667, 2, true, true, IOS));
		add(new Device("Pixel 7", 412, 915, 2.625, true, true, ANDROID.formatted("Pixel 7")));
		add(new Device("Pixel 8 Pro", 448, 998, 3, true, true, ANDROID.formatted("Pixel 8 Pro")));
		add(new Device("Galaxy S23", 360, 780, 3, true, true, ANDROID.formatted("SM-S911B")));
		add(new Device("iPad", 810, 1080, 2, true, true, IPADOS));
		add(new Device("iPad Mini", 744, 1133, 2, true, true, IPADOS));
		add(new Device("iPad Pro 11", 834, 1194, 2, true, true, IPADOS));
		add(new Device("Galaxy Tab S9", 800, 1280, 2, true, true, ANDROID_TABLET.formatted("SM-X710")));
		add(new Device("Desktop 1280", 1280, 720, 1, false, false, null));
		add(new Device("Desktop 1440", 1440, 900, 1, false, false, null));
		add(new Device("Desktop 1920", 1920, 1080, 1, false, false, null));
		add(new Device("Desktop 2560", 2560, 1440, 1, false, false, null));
		add(new Device("MacBook Pro 14", 1512, 982, 2, false, false, null));
	}

	private DevicePresets() {
	}

	/**
	 * A device preset.
	 *
	 * @param name its name
	 * @param width viewport width in CSS pixels
	 * @param height viewport height in CSS pixels
	 * @param deviceScaleFactor device pixels per CSS pixel
	 * @param isMobile mobile layout (meta viewport honoured)
	 * @param hasTouch touch events
	 * @param userAgent the user agent, or {@code null} for the browser's own
	 */
	public record Device(String name, int width, int height, double deviceScaleFactor, boolean isMobile,
			boolean hasTouch, String userAgent) {
	}

	private static void add(Device device) {
		DEVICES.put(device.name().toLowerCase(Locale.ROOT), device);
	}

	/**
	 * Finds a preset.
	 * @param name the name, any case
	 * @return the preset
	 */
	public static Optional<Device> find(String name) {
		return Optional.ofNullable(DEVICES.get(name.strip().toLowerCase(Locale.ROOT)));
	}

	/**
	 * The names of all presets, in a stable order.
	 * @return the names
	 */
	public static Set<String> names() {
		Set<String> names = new java.util.LinkedHashSet<>();
		DEVICES.values().forEach((device) -> names.add(device.name()));
		return names;
	}

}
