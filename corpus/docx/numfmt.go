package docx

import (
	"strconv"
	"strings"
)

// formatNumber renders n in a Word numFmt. Formats we do not know fall back
// to decimal so that a number is never silently lost.
func formatNumber(n int, numFmt string) string {
	switch numFmt {
	case "none", "bullet":
		return ""
	case "decimalZero":
		if n >= 0 && n < 10 {
			return "0" + strconv.Itoa(n)
		}
	case "decimalFullWidth", "decimalFullWidth2":
		return strings.Map(func(r rune) rune { return r - '0' + '０' }, strconv.Itoa(n))
	case "upperRoman":
		return roman(n)
	case "lowerRoman":
		return strings.ToLower(roman(n))
	case "upperLetter":
		return letters(n, 'A')
	case "lowerLetter":
		return letters(n, 'a')
	case "chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand",
		"japaneseCounting", "ideographLegalTraditional", "chineseLegalSimplified", "koreanCounting":
		if n <= 0 {
			break
		}
		s := chineseNumeral(n)
		switch numFmt {
		case "japaneseCounting":
			// Japanese counting omits the leading 一 before 十/百/千: 十一, 百, 千二百.
			s = japaneseCounting(n)
		case "chineseLegalSimplified":
			s = legal(s, "零壹贰叁肆伍陆柒捌玖拾佰仟万", "零一二三四五六七八九十百千万")
		case "ideographLegalTraditional":
			s = legal(s, "零壹貳參肆伍陸柒捌玖拾佰仟萬", "零一二三四五六七八九十百千万")
		}
		return s
	case "ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand":
		const d = "〇一二三四五六七八九"
		ds := []rune(d)
		return strings.Map(func(r rune) rune { return ds[r-'0'] }, strconv.Itoa(max(n, 0)))
	case "ideographTraditional":
		if n >= 1 {
			return string([]rune("甲乙丙丁戊己庚辛壬癸")[(n-1)%10])
		}
	case "ideographZodiac":
		if n >= 1 {
			return string([]rune("子丑寅卯辰巳午未申酉戌亥")[(n-1)%12])
		}
	case "decimalEnclosedCircle", "decimalEnclosedCircleChinese":
		if n >= 1 && n <= 20 {
			return string(rune('①' + n - 1))
		}
		if n >= 21 && n <= 35 {
			return string(rune('㉑' + n - 21))
		}
		if n >= 36 && n <= 50 {
			return string(rune('㊱' + n - 36))
		}
	case "decimalEnclosedParen":
		return "(" + strconv.Itoa(n) + ")"
	case "decimalEnclosedFullstop":
		return strconv.Itoa(n) + "."
	case "ordinal", "cardinalText", "ordinalText", "decimal":
	}
	return strconv.Itoa(n)
}

// chineseNumeral writes n the way Chinese legal texts number articles:
// 十, 十一, 二十, 一百零一, 一百一十, 一千零二十.
func chineseNumeral(n int) string {
	if n >= 100000000 {
		return strconv.Itoa(n)
	}
	digits := []rune("零一二三四五六七八九")
	if n >= 10000 {
		hi, lo := n/10000, n%10000
		s := chineseNumeral(hi) + "万"
		if lo == 0 {
			return s
		}
		if lo < 1000 {
			s += "零"
		}
		return s + chineseBelow10000(lo, digits, true)
	}
	return chineseBelow10000(n, digits, false)
}

func chineseBelow10000(n int, digits []rune, inner bool) string {
	units := []string{"千", "百", "十", ""}
	div := []int{1000, 100, 10, 1}
	var b strings.Builder
	zero := false
	started := false
	for i, d := range div {
		q := n / d % 10
		if q == 0 {
			if started {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteRune('零')
			zero = false
		}
		// 10-19 standing alone read 十, 十一, not 一十一.
		if !(i == 2 && q == 1 && !started && !inner) {
			b.WriteRune(digits[q])
		}
		b.WriteString(units[i])
		started = true
	}
	if !started {
		return "零"
	}
	return b.String()
}

func japaneseCounting(n int) string {
	digits := []rune("〇一二三四五六七八九")
	if n >= 10000 {
		return chineseNumeral(n)
	}
	units := []string{"千", "百", "十", ""}
	div := []int{1000, 100, 10, 1}
	var b strings.Builder
	for i, d := range div {
		q := n / d % 10
		if q == 0 {
			continue
		}
		if q != 1 || i == 3 {
			b.WriteRune(digits[q])
		}
		b.WriteString(units[i])
	}
	return b.String()
}

func legal(s, to, from string) string {
	f, t := []rune(from), []rune(to)
	m := make(map[rune]rune, len(f))
	for i, r := range f {
		m[r] = t[i]
	}
	return strings.Map(func(r rune) rune {
		if x, ok := m[r]; ok {
			return x
		}
		return r
	}, s)
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return strconv.Itoa(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

// letters: Word repeats the letter: A..Z, AA..ZZ, AAA...
func letters(n int, base rune) string {
	if n <= 0 {
		return strconv.Itoa(n)
	}
	c := rune((n-1)%26) + base
	return strings.Repeat(string(c), (n-1)/26+1)
}
