package dev.screenshots.model.capture;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.validation.Valid;

/**
 * How a PDF is laid out ({@code format: "pdf"}).
 *
 * @param format the paper size, default {@code a4}
 * @param landscape landscape orientation, default {@code false}
 * @param margin page margins, default none
 * @param printBackground print background colours and images, default {@code true}
 */
public record PdfOptions(PaperFormat format, Boolean landscape, @Valid Margins margin, Boolean printBackground) {

	public PdfOptions {
		format = (format != null) ? format : PaperFormat.A4;
		landscape = (landscape != null) ? landscape : Boolean.FALSE;
		margin = (margin != null) ? margin : new Margins(null, null, null, null);
		printBackground = (printBackground != null) ? printBackground : Boolean.TRUE;
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
