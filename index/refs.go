package index

import (
	"regexp"
	"slices"
	"strings"

	"lawreview/corpus"
)

// citedNumber matches an article number a provision cites: 第十四条,
// 第二十条之一.
var citedNumber = regexp.MustCompile(`第[零〇一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?`)

// innerRefs are the labels of the articles of its own law that a
// provision cites (依照本法第十四条、第十五条; 违反本法第十七条规定): the
// rule it depends on, or the rule whose breach it sanctions. A number
// after a law's title (《中华人民共和国行政处罚法》第十六条, and the numbers
// listed after it) cites another law and is left out.
func innerRefs(text string) []string {
	in, _ := citations(text)
	return in
}

// outerRef is an article of another law a provision cites, the law as
// its title stands in the text without 中华人民共和国.
type outerRef struct{ law, label string }

// citations are the articles a provision cites: of its own law (see
// innerRefs) and of other laws named by their title in 《》.
func citations(text string) (inner []string, outer []outerRef) {
	other := ""
	prev := 0
	for _, m := range citedNumber.FindAllStringIndex(text, -1) {
		before := text[prev:m[0]]
		switch {
		case strings.HasSuffix(before, "》"):
			other = ""
			if i := strings.LastIndex(before, "《"); i >= 0 {
				other = strings.TrimPrefix(before[i+len("《"):len(before)-len("》")], "中华人民共和国")
			}
			if other == "" {
				other = "?"
			}
		case strings.HasSuffix(before, "本法") || strings.HasSuffix(before, "本条例") || strings.HasSuffix(before, "本办法") || strings.HasSuffix(before, "本规定"):
			other = ""
		case namesLaw(before):
			// 依照行政复议法第三十三条, 民法典第一百八十八条: another law
			// named without 《》; its name is somewhere in the words before
			other = trailingHan(before, maxTitleRunes)
		case prev > 0 && listJoint(before):
			// 第十四条、第十五条: the list goes on in the same law
		default:
			other = ""
		}
		prev = m[1]
		num, sub, err := corpus.ParseArticleLabel(text[m[0]:m[1]])
		if err != nil {
			continue
		}
		label := corpus.ArticleLabel(num, sub)
		if other != "" {
			if r := (outerRef{other, label}); other != "?" && !slices.Contains(outer, r) {
				outer = append(outer, r)
			}
			continue
		}
		if !slices.Contains(inner, label) {
			inner = append(inner, label)
		}
	}
	return inner, outer
}

// maxTitleRunes bounds the words kept before a number citing a law
// named without 《》.
const maxTitleRunes = 24

// namesLaw reports whether text ends with a law's name written without
// 《》 (行政复议法, 土地管理法实施条例), not with 本法 or 本条例.
func namesLaw(text string) bool {
	for _, suf := range []string{"法", "法典", "条例", "办法", "解释"} {
		if strings.HasSuffix(text, suf) {
			return !strings.HasSuffix(text, "本"+suf)
		}
	}
	return false
}

// trailingHan is the run of Chinese characters text ends with, at most n
// of them.
func trailingHan(text string, n int) string {
	r := []rune(text)
	i := len(r)
	for i > 0 && len(r)-i < n && isHan(r[i-1]) {
		i--
	}
	return string(r[i:])
}

// listJoint reports whether what stands between two cited numbers joins
// them in one list: 、 和 或者 至, a 款 or 项 of the first.
func listJoint(s string) bool {
	s = strings.TrimSpace(s)
	for _, t := range []string{"、", "和", "或者", "至", "及", "以及"} {
		if rest, ok := strings.CutSuffix(s, t); ok {
			// 第十四条第二款、第十五条
			return rest == "" || citedPart.MatchString(rest)
		}
	}
	return false
}

// citedPart matches the 款 and 项 after a cited article number.
var citedPart = regexp.MustCompile(`^(第[零〇一二三四五六七八九十]+[款项])+$`)
