package dev.screenshots.worker.browser;

import java.util.HashMap;
import java.util.Map;

/**
 * A function to call in the page, as JavaScript source, with its argument: how one part
 * of the sandbox asks another to run its reading in a call into the page it makes anyway
 * (each call into a loaded page costs milliseconds of its own).
 *
 * @param function the function's source, e.g. {@code (argument) => …}
 * @param argument what it is called with (serialisable by Playwright)
 */
record PageScript(String function, Object argument) {

	/**
	 * Two functions in one call: answers {@code {first, second}}, each function's answer.
	 * @param first the first function
	 * @param second the second function
	 * @return the pair
	 */
	static PageScript both(PageScript first, PageScript second) {
		Map<String, Object> argument = new HashMap<>();
		argument.put("first", first.argument());
		argument.put("second", second.argument());
		return new PageScript("(argument) => ({ first: (" + first.function() + ")(argument.first), second: ("
				+ second.function() + ")(argument.second) })", argument);
	}

}
