package docx

import "testing"

func TestFormatNumber(t *testing.T) {
	tests := []struct {
		n    int
		fmt  string
		want string
	}{
		{1, "chineseCounting", "一"},
		{10, "chineseCounting", "十"},
		{11, "chineseCounting", "十一"},
		{20, "chineseCounting", "二十"},
		{21, "chineseCountingThousand", "二十一"},
		{100, "chineseCountingThousand", "一百"},
		{101, "chineseCountingThousand", "一百零一"},
		{110, "chineseCountingThousand", "一百一十"},
		{1020, "chineseCountingThousand", "一千零二十"},
		{10001, "chineseCountingThousand", "一万零一"},
		{3, "chineseLegalSimplified", "叁"},
		{12, "japaneseCounting", "十二"},
		{100, "japaneseCounting", "百"},
		{1200, "japaneseCounting", "千二百"},
		{3, "ideographTraditional", "丙"},
		{11, "ideographTraditional", "甲"},
		{2, "ideographZodiac", "丑"},
		{105, "ideographDigital", "一〇五"},
		{3, "decimalEnclosedCircleChinese", "③"},
		{21, "decimalEnclosedCircle", "㉑"},
		{7, "decimal", "7"},
		{7, "decimalZero", "07"},
		{12, "decimalFullWidth", "１２"},
		{4, "upperRoman", "IV"},
		{9, "lowerRoman", "ix"},
		{28, "upperLetter", "BB"},
		{2, "lowerLetter", "b"},
		{5, "none", ""},
		{5, "somethingNew", "5"},
	}
	for _, tt := range tests {
		if got := formatNumber(tt.n, tt.fmt); got != tt.want {
			t.Errorf("formatNumber(%d, %s) = %q, want %q", tt.n, tt.fmt, got, tt.want)
		}
	}
}
