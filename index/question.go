package index

import (
	"strings"
	"unicode/utf8"
)

// An adviser types his question as he would ask it: 能不能 开罚单, 打印遗嘱
// 有效吗, 总包 担责吗, 征地 哪些情形, 谁负责, 几天内. A word that is only
// the question's form (能不能, 行不行, 多少, 几天内) is no word of the
// answer: a statute says 可以 or 不得, and 能不能 searched as its piece 不能
// lifted a traffic police manual's 我们不能当场收缴罚款 among the first hits
// of 协管员 能不能 开罚单 (round 14's q255). Such a word is no concept of
// the search (concepts). Cutting the question's form from a word that
// holds more (有效吗 → 有效, 谁负责 → 负责) was measured too and lost
// (round 15): the word as typed is searched whole and by its pieces at a
// lower weight, and the bare 有效 or 负责 as a full concept weighed a
// common word as much as the subject.

// questionOn switches the cut (tests compare).
var questionOn = true

// questionAffixes are interrogative words cut from the start or the end
// of a typed word; questionEnds are the particles that end a question.
var (
	questionAffixes = []string{"怎么样", "怎么办", "怎么", "怎样", "如何", "哪些", "哪个", "什么", "多少", "多久", "几天", "几年", "几个", "几次", "谁"}
	questionEnds    = []string{"吗", "呢", "么"}
	// questionRunes: a word holding none of these is no question
	questionRunes = "吗呢么不没怎如哪什多几谁"
)

// questionStripped is word without its question's form ("" when nothing
// else is left): 有效吗 → 有效,
// 能不能继承 → 继承, 是不是行政处罚 → 行政处罚, 哪些情形 → 情形, 谁负责 →
// 负责, 能不能 → "".
func questionStripped(word string) string {
	if !strings.ContainsAny(word, questionRunes) {
		return word // most words, and every word of a pasted clause: nothing cut, nothing allocated
	}
	w := word
	for changed := true; changed && w != ""; {
		changed = false
		for _, e := range questionEnds {
			if s, ok := strings.CutSuffix(w, e); ok && s != "" {
				w, changed = s, true
			}
		}
		if n := xNotX(w, true); n > 0 {
			w, changed = w[n:], true
		}
		if n := xNotX(w, false); n > 0 {
			w, changed = w[:len(w)-n], true
		}
		for _, a := range questionAffixes {
			if s, ok := strings.CutPrefix(w, a); ok {
				w, changed = s, true
			}
			if s, ok := strings.CutSuffix(w, a); ok {
				w, changed = s, true
			}
		}
	}
	if w == word {
		return word
	}
	if utf8.RuneCountInString(w) < 2 {
		return "" // 内 of 几天内, 能 of 能不能: nothing left to search
	}
	return w
}

// xNotX is the length in bytes of an A不A or A没A question (能不能, 是不是,
// 有没有, 可不可以) at the start (or the end) of w, 0 when there is none.
func xNotX(w string, start bool) int {
	rs := []rune(w)
	for _, n := range []int{4, 3} {
		if len(rs) < n {
			continue
		}
		q := rs[:n]
		if !start {
			q = rs[len(rs)-n:]
		}
		if (q[1] == '不' || q[1] == '没') && q[0] == q[2] && (n == 3 || q[0] == '可' && q[3] == '以') {
			return len(string(q))
		}
	}
	return 0
}

// periodQuestions are the question's forms asking how long: the answer is
// the article stating a period (九十日内, 七个工作日, 任期五年), which
// holds no word typed (round 16).
var periodQuestions = []string{"几天", "多少天", "多久", "几日", "多少日", "多长时间", "多长", "几个月", "几年", "多少年"}

// asksPeriod reports whether a typed word asks how long.
func asksPeriod(words []string) bool {
	for _, w := range words {
		if containsAny(w, periodQuestions) {
			return true
		}
	}
	return false
}

// periodWords say that an article states a period.
var periodWords = []string{"日内", "日之内", "个工作日", "个月内", "期限", "任期", "年内"}

// statesPeriod reports whether an article's text states a period.
func statesPeriod(text string) bool { return containsAny(text, periodWords) }
