package precedent

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Limits of the JSON Lines format.
const (
	MaxLineBytes  = 1 << 20 // one record
	MaxClauseRune = 5000
	maxFieldRunes = 20000
	maxIDLen      = 100
	maxErrors     = 10 // a file with more bad lines reports the first ones
)

// LineError is a bad line of a JSON Lines file. Msg is Chinese and meant
// for the user.
type LineError struct {
	Line int
	Msg  string
}

func (e *LineError) Error() string { return fmt.Sprintf("第 %d 行：%s", e.Line, e.Msg) }

// DecodeError lists the bad lines of a file (at most maxErrors of them);
// nothing of such a file is imported.
type DecodeError struct {
	Lines []*LineError
	More  bool // there were more bad lines than listed
}

func (e *DecodeError) Error() string {
	var b strings.Builder
	b.WriteString("先例文件有错误，未导入任何记录：")
	for i, l := range e.Lines {
		if i > 0 {
			b.WriteString("；")
		}
		b.WriteString(l.Error())
	}
	if e.More {
		b.WriteString("；……（更多错误未列出）")
	}
	return b.String()
}

// Decode reads a JSON Lines file of precedents: one JSON object a line,
// blank lines allowed, UTF-8 (a byte order mark at the start is skipped).
// Unknown fields are ignored so that files written by newer versions still
// import. Every record is validated; if any line is bad Decode returns a
// *DecodeError naming the lines and no records. Records come back with
// Source = SourceImport and ID = ImportID(their id, or their content hash
// when the file gives none).
func Decode(r io.Reader) ([]Precedent, error) {
	br := bufio.NewReaderSize(r, 64<<10)
	var out []Precedent
	derr := &DecodeError{}
	seen := map[string]int{}
	bad := func(line int, format string, args ...any) {
		if len(derr.Lines) == maxErrors {
			derr.More = true
			return
		}
		derr.Lines = append(derr.Lines, &LineError{Line: line, Msg: fmt.Sprintf(format, args...)})
	}
	for line := 1; ; line++ {
		raw, tooLong, err := readLine(br)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("read precedents: %w", err)
		}
		eof := errors.Is(err, io.EOF)
		if tooLong {
			bad(line, "该行超过 %d 字节，单条记录过长", MaxLineBytes)
		} else {
			if line == 1 {
				raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
			}
			if len(bytes.TrimSpace(raw)) > 0 {
				p, msg := decodeLine(raw)
				if msg != "" {
					bad(line, "%s", msg)
				} else if prev, dup := seen[p.ID]; dup {
					bad(line, "编号 id “%s” 与第 %d 行重复", strings.TrimPrefix(p.ID, "import-"), prev)
				} else {
					seen[p.ID] = line
					out = append(out, p)
				}
			}
		}
		if eof {
			break
		}
	}
	if len(derr.Lines) > 0 {
		return nil, derr
	}
	return out, nil
}

// readLine returns the next line without its line break. A line longer
// than MaxLineBytes is consumed and reported as tooLong.
func readLine(br *bufio.Reader) (line []byte, tooLong bool, err error) {
	for {
		chunk, isPrefix, e := br.ReadLine()
		if !tooLong {
			if len(line)+len(chunk) > MaxLineBytes {
				tooLong, line = true, nil
			} else {
				line = append(line, chunk...)
			}
		}
		if e != nil {
			return line, tooLong, e
		}
		if !isPrefix {
			return line, tooLong, nil
		}
	}
}

// decodeLine parses and checks one record; msg is the Chinese reason when
// the line is bad.
func decodeLine(raw []byte) (p Precedent, msg string) {
	if !utf8.Valid(raw) {
		return p, "不是有效的 UTF-8 文本（请以 UTF-8 编码保存文件）"
	}
	trimmed := bytes.TrimSpace(raw)
	if trimmed[0] != '{' {
		return p, "每行应是一个 JSON 对象（以 { 开头、} 结尾）"
	}
	dec := json.NewDecoder(bytes.NewReader(trimmed))
	if err := dec.Decode(&p); err != nil {
		return p, jsonMsg(err)
	}
	if dec.More() {
		return p, "一行只能有一个 JSON 对象"
	}
	if m := p.validate(); m != "" {
		return p, m
	}
	key := strings.TrimSpace(p.ID)
	if key == "" {
		key = p.ContentHash()
	}
	p.ID = ImportID(key)
	if p.Source != SourcePublic {
		p.Source = SourceImport
	}
	return p, ""
}

func jsonMsg(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("JSON 格式错误（第 %d 个字节附近）：%s", se.Offset, syntaxZh(se.Error()))
	case errors.As(err, &te):
		return fmt.Sprintf("字段 %s 的类型不对：应为%s，实为%s", te.Field, typeZh(te.Type.String()), typeZh(te.Value))
	case errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
		return "JSON 对象不完整（缺少 } 或引号未闭合）"
	}
	return "JSON 格式错误：" + err.Error()
}

func syntaxZh(s string) string {
	switch {
	case strings.Contains(s, "invalid character"):
		return "出现了不应有的字符（" + strings.TrimPrefix(s, "invalid character ") + "）"
	case strings.Contains(s, "unexpected end"):
		return "内容不完整"
	}
	return s
}

func typeZh(t string) string {
	switch {
	case t == "string":
		return "文字"
	case strings.HasPrefix(t, "[]"), t == "array":
		return "数组"
	case t == "number" || strings.HasPrefix(t, "int") || strings.HasPrefix(t, "float"):
		return "数字"
	case t == "bool":
		return "真假值"
	case t == "object" || strings.HasPrefix(t, "precedent."):
		return "对象"
	}
	return t
}

// validate returns why the record cannot be imported, or "".
func (p *Precedent) validate() string {
	p.Clause = strings.TrimSpace(p.Clause)
	p.Verdict = Verdict(strings.TrimSpace(string(p.Verdict)))
	p.Date = strings.TrimSpace(p.Date)
	if p.Clause == "" {
		return "缺少必填字段 clause（条款原文）"
	}
	if utf8.RuneCountInString(p.Clause) > MaxClauseRune {
		return fmt.Sprintf("clause（条款原文）超过 %d 字", MaxClauseRune)
	}
	switch p.Verdict {
	case Unlawful, Lawful:
	case "":
		return "缺少必填字段 verdict（认定结果），应为“违法”或“合法”"
	default:
		return fmt.Sprintf("verdict（认定结果）“%s”无效，应为“违法”或“合法”", p.Verdict)
	}
	if p.Date == "" {
		return "缺少必填字段 date（认定日期），格式为 年-月-日，例如 2025-03-18"
	}
	t, err := time.Parse("2006-01-02", p.Date)
	if err != nil {
		return fmt.Sprintf("date（认定日期）“%s”格式不对，应为 年-月-日，例如 2025-03-18", p.Date)
	}
	if t.Year() < 1949 || t.After(time.Now().AddDate(1, 0, 0)) {
		return fmt.Sprintf("date（认定日期）“%s”不在合理范围内", p.Date)
	}
	switch p.Source = Source(strings.TrimSpace(string(p.Source))); p.Source {
	case "", SourceImport, SourceReview:
		// An exported local precedent is an import wherever it arrives.
	case SourcePublic:
		if strings.TrimSpace(p.Publisher) == "" {
			return "公开案例（source 为 public）缺少 publisher（公布机关）"
		}
		if strings.TrimSpace(p.URL) == "" && strings.TrimSpace(p.Citation) == "" {
			return "公开案例（source 为 public）缺少 url（公布地址）或 citation（案号）"
		}
	default:
		return fmt.Sprintf("source（来源）“%s”无效，只能为 public（公开案例）或不填", p.Source)
	}
	switch p.Severity {
	case "", "error", "warning", "info":
	default:
		return fmt.Sprintf("severity（严重程度）“%s”无效，可选 error、warning、info", p.Severity)
	}
	if id := strings.TrimSpace(p.ID); id != "" {
		if len(id) > maxIDLen {
			return fmt.Sprintf("id（编号）超过 %d 个字节", maxIDLen)
		}
		for _, r := range id {
			if unicode.IsSpace(r) || unicode.IsControl(r) || r == '/' || r == '\\' {
				return "id（编号）不能含空格、控制字符或斜杠"
			}
		}
	}
	for name, v := range map[string]string{"sentence": p.Sentence, "doc_title": p.DocTitle, "problem": p.Problem, "fix": p.Fix,
		"reason": p.Reason, "township": p.Township, "doc_type": p.DocType, "rule": p.Rule, "rule_title": p.RuleTitle,
		"conclusion": p.Conclusion, "publisher": p.Publisher, "url": p.URL, "citation": p.Citation, "case": p.Case} {
		if utf8.RuneCountInString(v) > maxFieldRunes {
			return fmt.Sprintf("字段 %s 过长（超过 %d 字）", name, maxFieldRunes)
		}
	}
	if len(p.Basis) == 0 {
		p.Basis = nil // [] and a missing basis are the same record
	}
	for i, b := range p.Basis {
		if strings.TrimSpace(b.Law) == "" {
			return fmt.Sprintf("basis（依据）第 %d 项缺少 law（法律名称）", i+1)
		}
	}
	return ""
}

// Encode writes ps as JSON Lines, one record a line, ids replaced by
// ExportID so that the file means the same in any office.
func Encode(w io.Writer, ps []Precedent) error {
	bw := bufio.NewWriter(w)
	for i := range ps {
		if err := EncodeOne(bw, &ps[i]); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// EncodeOne writes one record and its line break. Only a public source is
// written: where a precedent came from inside an office means nothing in
// another one.
func EncodeOne(w io.Writer, p *Precedent) error {
	q := *p
	q.ID = p.ExportID()
	if q.Source != SourcePublic {
		q.Source = ""
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false) // 《》 and & stay readable
	if err := enc.Encode(&q); err != nil {
		return fmt.Errorf("encode precedent %s: %w", p.ID, err)
	}
	return nil
}
