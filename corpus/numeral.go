package corpus

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// NumberError reports a string that is not a number, in Chinese for the user.
type NumberError struct {
	Input  string
	Reason string
}

func (e *NumberError) Error() string {
	return fmt.Sprintf("无法识别的数字“%s”：%s", e.Input, e.Reason)
}

// LabelError reports a string that is not an article label such as 第十六条.
type LabelError struct {
	Input  string
	Reason string
}

func (e *LabelError) Error() string {
	return fmt.Sprintf("无法识别的条文序号“%s”：%s", e.Input, e.Reason)
}

var digitValue = map[rune]int{
	'零': 0, '〇': 0, '○': 0, 'Ｏ': 0,
	'一': 1, '壹': 1, '二': 2, '贰': 2, '两': 2, '三': 3, '叁': 3, '四': 4, '肆': 4,
	'五': 5, '伍': 5, '六': 6, '陆': 6, '七': 7, '柒': 7, '八': 8, '捌': 8, '九': 9, '玖': 9,
}

var unitValue = map[rune]int{
	'十': 10, '拾': 10, '百': 100, '佰': 100, '千': 1000, '仟': 1000,
}

// tensShorthand spells out the old one-character tens (廿五 is 二十五, 卅年
// 三十年) that contracts and dates still use, so that they read as the
// same number as the long form.
var tensShorthand = strings.NewReplacer("廿", "二十", "卅", "三十", "卌", "四十")

// ParseNumber reads a non-negative integer written in Chinese numerals
// (一百二十三, 十, 一百零五, 两千, 廿五), in Arabic digits (123) or in full-width
// digits (１２３).
func ParseNumber(s string) (int, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return 0, &NumberError{Input: s, Reason: "为空"}
	}
	if n, ok := parseArabic(s); ok {
		return n, nil
	}
	n, err := parseChinese(tensShorthand.Replace(s))
	if err != nil {
		return 0, &NumberError{Input: s, Reason: err.Error()}
	}
	return n, nil
}

func parseArabic(s string) (int, bool) {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r >= '0' && r <= '9':
			b.WriteRune(r)
		case r >= '０' && r <= '９':
			b.WriteRune('0' + (r - '０'))
		default:
			return 0, false
		}
	}
	if b.Len() > 8 {
		return 0, false
	}
	n, err := strconv.Atoi(b.String())
	return n, err == nil
}

// parseChinese handles numbers below one hundred million: 万 splits the
// number into two groups of at most four digits, each parsed by parseGroup.
func parseChinese(s string) (int, error) {
	if i := strings.IndexRune(s, '万'); i >= 0 {
		hi, lo := s[:i], s[i+len("万"):]
		if hi == "" {
			return 0, errors.New("“万”前缺少数字")
		}
		h, err := parseGroup(hi)
		if err != nil {
			return 0, err
		}
		l := 0
		if lo != "" {
			if l, err = parseGroup(lo); err != nil {
				return 0, err
			}
		}
		return h*10000 + l, nil
	}
	return parseGroup(s)
}

// parseGroup parses 0..9999 in the usual unit notation (一千零四十一) and also
// the digit-by-digit notation used in years (二〇二三).
func parseGroup(s string) (int, error) {
	hasUnit := false
	for _, r := range s {
		if _, ok := unitValue[r]; ok {
			hasUnit = true
		} else if _, ok := digitValue[r]; !ok {
			return 0, fmt.Errorf("含有非数字字符“%c”", r)
		}
	}
	if !hasUnit {
		if utf8.RuneCountInString(s) > 8 {
			return 0, errors.New("数字过大")
		}
		n := 0
		for _, r := range s {
			n = n*10 + digitValue[r]
		}
		return n, nil
	}
	total, digit, lastUnit := 0, -1, 100000
	for _, r := range s {
		if d, ok := digitValue[r]; ok {
			if digit > 0 {
				return 0, errors.New("数字连写而缺少单位")
			}
			digit = d
			continue
		}
		u := unitValue[r]
		if u >= lastUnit {
			return 0, errors.New("单位顺序错误")
		}
		switch {
		case digit > 0:
			total += digit * u
		case digit == -1 && u == 10:
			total += 10 // 十二, 一百十: a bare 十 means 一十
		default:
			return 0, fmt.Errorf("单位“%c”前缺少数字", r)
		}
		digit, lastUnit = -1, u
	}
	if digit == 0 {
		return 0, errors.New("不应以“零”结尾")
	}
	if digit > 0 {
		total += digit
	}
	return total, nil
}

var chineseDigits = []string{"零", "一", "二", "三", "四", "五", "六", "七", "八", "九"}

// FormatNumber writes n the way Chinese statutes number their articles:
// 十 (not 一十) when it leads, 一百一十, 一百零五, 一千零四十一, 一千二百六十.
// Negative numbers are written with a leading 负.
func FormatNumber(n int) string {
	if n < 0 {
		return "负" + FormatNumber(-n)
	}
	if n == 0 {
		return "零"
	}
	if n >= 10000 {
		hi, lo := n/10000, n%10000
		s := FormatNumber(hi) + "万"
		if lo == 0 {
			return s
		}
		if lo < 1000 {
			s += "零"
		}
		return s + formatGroup(lo, false)
	}
	return formatGroup(n, true)
}

// formatGroup writes 1..9999; leading says whether the group starts the
// number, where 1x is written 十x rather than 一十x.
func formatGroup(n int, leading bool) string {
	var b strings.Builder
	units := []struct {
		v    int
		name string
	}{{1000, "千"}, {100, "百"}, {10, "十"}, {1, ""}}
	zero := false
	for _, u := range units {
		d := n / u.v % 10
		if d == 0 {
			if b.Len() > 0 {
				zero = true
			}
			continue
		}
		if zero {
			b.WriteString("零")
			zero = false
		}
		if !(u.v == 10 && d == 1 && leading && b.Len() == 0) {
			b.WriteString(chineseDigits[d])
		}
		b.WriteString(u.name)
	}
	return b.String()
}

// ParseArticleLabel reads an article reference: 第二十条之一, 第16条, 十六,
// 16, 20之一, 第２０条. sub is 0 unless the label has 之X.
func ParseArticleLabel(s string) (num, sub int, err error) {
	orig := s
	s = strings.Map(func(r rune) rune {
		if r == ' ' || r == '\t' || r == '\u3000' {
			return -1
		}
		return r
	}, s)
	s = strings.TrimPrefix(s, "第")
	if i := strings.Index(s, "之"); i >= 0 {
		subText := s[i+len("之"):]
		s = s[:i]
		if sub, err = ParseNumber(subText); err != nil || sub == 0 {
			return 0, 0, &LabelError{Input: orig, Reason: "“之”后应为序号"}
		}
	}
	s = strings.TrimSuffix(s, "条")
	if s == "" {
		return 0, 0, &LabelError{Input: orig, Reason: "缺少条文序号"}
	}
	num, err = ParseNumber(s)
	if err != nil {
		return 0, 0, &LabelError{Input: orig, Reason: "应为“第十六条”“第二十条之一”或“16”这样的形式"}
	}
	if num == 0 {
		return 0, 0, &LabelError{Input: orig, Reason: "条文序号应从一开始"}
	}
	return num, sub, nil
}

// ArticleLabel writes the label of article num (and 之sub when sub > 0):
// ArticleLabel(20, 1) == "第二十条之一".
func ArticleLabel(num, sub int) string {
	s := "第" + FormatNumber(num) + "条"
	if sub > 0 {
		s += "之" + FormatNumber(sub)
	}
	return s
}
