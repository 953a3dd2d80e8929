package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * How a PDF is laid out ({@code format: "pdf"}), as Chromium prints it.
 *
 * @param format the paper size, default {@code a4} (unless {@code width} and
 * {@code height} give one)
 * @param landscape landscape orientation, default {@code false}
 * @param margin page margins, default none
 * @param printBackground print background colours and images, default {@code true}
 * @param headerTemplate HTML printed at the top of every page, in the top margin; the
 * elements of class {@code pageNumber}, {@code totalPages}, {@code date}, {@code title}
 * and {@code url} get those values
 * @param footerTemplate the same at the bottom of every page
 * @param pageRanges the pages to print, e.g. {@code 1-3, 5}; default all
 * @param scale the rendering scale, 0.1–2, default 1
 * @param width a custom paper width, a CSS length (with {@code height})
 * @param height a custom paper height, a CSS length (with {@code width})
 * @param preferCssPageSize let the page's CSS {@code @page size} decide the paper size,
 * default {@code false}
 * @param outline add a document outline (bookmarks) from the headings, default
 * {@code false}
 * @param tagged write a tagged (accessible) PDF, default {@code false}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PdfOptions(PaperFormat format, Boolean landscape, @Valid Margins margin, Boolean printBackground,
		@Size(max = MAX_TEMPLATE) String headerTemplate, @Size(max = MAX_TEMPLATE) String footerTemplate,
		@Pattern(regexp = PAGE_RANGES, message = "must list pages and ranges such as 1-3, 5, 8-") @Size(
				max = MAX_PAGE_RANGES) String pageRanges,
		@DecimalMin("0.1") @DecimalMax("2") Double scale,
		@Pattern(regexp = Margins.LENGTH, message = Margins.LENGTH_MESSAGE) String width,
		@Pattern(regexp = Margins.LENGTH, message = Margins.LENGTH_MESSAGE) String height, Boolean preferCssPageSize,
		Boolean outline, Boolean tagged) {

	/** The longest header or footer template, in characters. */
	public static final int MAX_TEMPLATE = 20_000;

	/** The longest {@code pageRanges}, in characters. */
	public static final int MAX_PAGE_RANGES = 200;

	/**
	 * Pages and ranges such as {@code 1-3, 5, 8-}. The lookahead refuses a value over
	 * {@link #MAX_PAGE_RANGES} before the rest is tried: Java's regular expressions match
	 * a repeated group of variable length by recursion, one stack frame per repetition,
	 * and validation matches the pattern even when {@code @Size} has refused the value,
	 * so a long one overflowed the stack of the thread answering the request. (Possessive
	 * quantifiers would avoid the recursion too, but the OpenAPI document publishes the
	 * pattern, and JavaScript's regular expressions have none.)
	 */
	static final String PAGE_RANGES = "(?=[\\s\\S]{0," + MAX_PAGE_RANGES + "}$)"
			+ "\\s*\\d{1,5}(\\s*-\\s*\\d{0,5})?(\\s*,\\s*\\d{1,5}(\\s*-\\s*\\d{0,5})?)*\\s*";

	public PdfOptions {
		format = (format != null || width != null) ? format : PaperFormat.A4;
		landscape = (landscape != null) ? landscape : Boolean.FALSE;
		margin = (margin != null) ? margin : new Margins(null, null, null, null);
		printBackground = (printBackground != null) ? printBackground : Boolean.TRUE;
		scale = (scale != null) ? scale : 1.0;
		preferCssPageSize = (preferCssPageSize != null) ? preferCssPageSize : Boolean.FALSE;
		outline = (outline != null) ? outline : Boolean.FALSE;
		tagged = (tagged != null) ? tagged : Boolean.FALSE;
	}

	/**
	 * The layout with every option at its default but the four of the first version.
	 * @param format the paper size
	 * @param landscape the orientation
	 * @param margin the margins
	 * @param printBackground whether backgrounds print
	 */
	public PdfOptions(PaperFormat format, Boolean landscape, Margins margin, Boolean printBackground) {
		this(format, landscape, margin, printBackground, null, null, null, null, null, null, null, null, null);
	}

	/**
	 * Whether a custom paper size gives both sides, and no paper format besides.
	 * @return {@code false} for only one of {@code width} and {@code height}, or both
	 * with {@code format}
	 */
	@JsonIgnore
	@AssertTrue(
			message = "give both pdf.width and pdf.height (a custom paper size) or neither, and not with pdf.format")
	public boolean isPaperSizeConsistent() {
		if ((this.width == null) != (this.height == null)) {
			return false;
		}
		return this.width == null || this.format == null;
	}

	/**
	 * Whether headers and footers are printed.
	 * @return {@code true} when a template is given
	 */
	@JsonIgnore
	public boolean displayHeaderFooter() {
		return this.headerTemplate != null || this.footerTemplate != null;
	}

	/**
	 * Paper sizes.
	 */
	public enum PaperFormat {

		@JsonProperty("letter")
		LETTER("Letter"), @JsonProperty("legal")
		LEGAL("Legal"), @JsonProperty("tabloid")
		TABLOID("Tabloid"), @JsonProperty("ledger")
		LEDGER("Ledger"), @JsonProperty("a0")
		A0("A0"), @JsonProperty("a1")
		A1("A1"), @JsonProperty("a2")
		A2("A2"), @JsonProperty("a3")
		A3("A3"), @JsonProperty("a4")
		A4("A4"), @JsonProperty("a5")
		A5("A5"), @JsonProperty("a6")
		A6("A6");

		private final String chromeName;

		PaperFormat(String chromeName) {
			this.chromeName = chromeName;
		}

		/**
		 * The name Chromium's printer knows.
		 * @return e.g. {@code A4}
		 */
		public String chromeName() {
			return this.chromeName;
		}

	}

}
