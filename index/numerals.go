package index

import (
	"strconv"
	"strings"
	"unicode/utf8"
)

// Numbers are written three ways in the law and in questions: spoken 两
// (两年, 两次, 两人) where a statute writes 二 (违法行为在二年内未被发现的),
// Chinese numerals (三十日, 二十日) and Arabic digits (30日, 20日: regulations
// and local rules often use them). A typed number with its unit is also
// searched in the other ways of writing it (numeralVariants), as the same
// word: an article saying 二年 answers 两年 as fully as one saying 两年.

// numeralUnits are the units a number in a query is read with: a number
// without one (the 25 of 第25号, a year) is no quantity to rewrite.
const numeralUnits = "年月日天次人名个倍项周岁元"

// numeralsFromDigits: a number typed in digits is also searched in
// Chinese numerals (tests compare).
var numeralsFromDigits = false

// numeralVariants returns the other ways of writing the numbers with a unit
// in word (两年 → 二年 and 2年; 三十日 → 30日; 30日 → 三十日), not word
// itself; none for a word with no such number.
func numeralVariants(word string) []string {
	if !strings.ContainsAny(word, "〇零一二三四五六七八九十百千万两0123456789") {
		return nil // most words: no number to rewrite, nothing allocated
	}
	var out []string
	add := func(v string) {
		if v != word && v != "" {
			for _, o := range out {
				if o == v {
					return
				}
			}
			out = append(out, v)
		}
	}
	rs := []rune(word)
	// the numbers of the word, each rewritten in the other two ways
	chinese, arabic := []rune{}, []rune{}
	changed := false
	for i := 0; i < len(rs); {
		j := i
		for j < len(rs) && (isChineseDigit(rs[j]) || rs[j] == '两') {
			j++
		}
		if j > i && j < len(rs) && strings.ContainsRune(numeralUnits, rs[j]) {
			num := string(rs[i:j])
			if n, ok := parseChineseNumber(strings.ReplaceAll(num, "两", "二")); ok {
				chinese = append(chinese, []rune(strings.ReplaceAll(num, "两", "二"))...)
				arabic = append(arabic, []rune(strconv.Itoa(n))...)
				changed = true
				i = j
				continue
			}
		}
		k := i
		for k < len(rs) && rs[k] >= '0' && rs[k] <= '9' {
			k++
		}
		if k > i && k < len(rs) && strings.ContainsRune(numeralUnits, rs[k]) {
			if n, err := strconv.Atoi(string(rs[i:k])); numeralsFromDigits && err == nil && n > 0 && n < 100000 {
				chinese = append(chinese, []rune(chineseNumber(n))...)
				arabic = append(arabic, rs[i:k]...)
				changed = true
				i = k
				continue
			}
		}
		if j == i {
			j = i + 1
		}
		if k > j {
			j = k
		}
		chinese = append(chinese, rs[i:j]...)
		arabic = append(arabic, rs[i:j]...)
		i = j
	}
	if !changed {
		return nil
	}
	add(string(chinese))
	add(string(arabic))
	return out
}

func isChineseDigit(r rune) bool {
	return strings.ContainsRune("〇零一二三四五六七八九十百千万", r)
}

// parseChineseNumber reads 二, 十五, 三十, 一百二十, 二千, 五万 (below 100,000;
// larger numbers are not read, so that no query word gets a wrong variant).
func parseChineseNumber(s string) (int, bool) {
	digit := map[rune]int{'〇': 0, '零': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9}
	unit := map[rune]int{'十': 10, '百': 100, '千': 1000, '万': 10000}
	if s == "" || utf8.RuneCountInString(s) > 10 {
		return 0, false
	}
	total, cur := 0, -1
	for _, r := range s {
		if d, ok := digit[r]; ok {
			cur = d
			continue
		}
		u, ok := unit[r]
		if !ok {
			return 0, false
		}
		if u == 10000 {
			// 万 multiplies all before it (二十万, 十五万); a bare 万 is one
			if cur < 0 {
				cur = 0
				if total == 0 {
					cur = 1
				}
			}
			total = (total + cur) * u
		} else {
			if cur < 0 {
				cur = 1 // 十五
			}
			total += cur * u
		}
		cur = -1
		if total >= 100000 {
			return 0, false // beyond what chineseNumber writes back
		}
	}
	if cur > 0 {
		total += cur
	}
	return total, total > 0 && total < 100000
}

// chineseNumber writes n (1–99,999) as a statute does: 十五, 三十, 一百二十.
func chineseNumber(n int) string {
	digits := []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}
	units := []struct {
		v int
		s string
	}{{10000, "万"}, {1000, "千"}, {100, "百"}, {10, "十"}}
	var b strings.Builder
	zero := false
	for _, u := range units {
		d := n / u.v
		n %= u.v
		switch {
		case d > 0:
			if zero {
				b.WriteString("零")
				zero = false
			}
			if !(u.v == 10 && d == 1 && b.Len() == 0) {
				b.WriteString(digits[d]) // 十五, not 一十五
			}
			b.WriteString(u.s)
		case b.Len() > 0:
			zero = true
		}
	}
	if n > 0 {
		if zero {
			b.WriteString("零")
		}
		b.WriteString(digits[n])
	}
	return b.String()
}
