package review

import (
	"strings"
	"time"
	"unicode/utf8"
)

var (
	// signedDate is a full date on a line of its own or after the
	// signing body's name (东山镇人民政府 2024年1月20日).
	signedDate = lazyCompile(`(` + yearDigits + `)\s*年\s*(` + dayDigits + `)\s*月\s*(` + dayDigits + `)\s*日`)
	// docNumberYear is the year of a document number (莆湄北疫防指〔2020〕16号,
	// 惠仲委〔2017〕34号).
	docNumberYear = lazyCompile(`[〔\[［【(（]([0-9０-９]{4})[〕\]］】)）]\s*(?:第)?[0-9０-９]+\s*号`)
)

// documentDate is the date a document bears (round 45c): the last full
// date on one of its last six lines short enough to be the signature's
// (a clause that names a date runs longer), else the end of the year of a
// document number in its first six lines; zero when it bears neither. It
// answers when the document was issued, so that an exception resting on
// a statute's grant (Unless.DatedFrom) holds only for what was issued
// after the grant.
func documentDate(text string) time.Time {
	var lines []string
	for _, l := range strings.Split(text, "\n") {
		if l = strings.TrimSpace(l); l != "" {
			lines = append(lines, l)
		}
	}
	for i := len(lines) - 1; i >= max(0, len(lines)-6); i-- {
		l := lines[i]
		if utf8.RuneCountInString(l) > 40 {
			continue
		}
		if m := signedDate.FindAllStringSubmatchIndex(l, -1); len(m) > 0 {
			if t := dateOf(l, m[len(m)-1][2:8]); !t.IsZero() {
				return t
			}
		}
	}
	for _, l := range lines[:min(len(lines), 6)] {
		if m := docNumberYear.FindStringSubmatch(l); m != nil {
			if t := dateOf(m[1]+"1231", []int{0, 4, 4, 6, 6, 8}); !t.IsZero() {
				return t
			}
		}
	}
	return time.Time{}
}
