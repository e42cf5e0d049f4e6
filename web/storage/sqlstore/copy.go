package sqlstore

import (
	"context"
	"crypto/sha256"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
	"time"
)

// An office moving from its own SQLite file to the shared PostgreSQL (or
// back) must not lose a record, and must be able to see that it did not.
// Copy moves every row of every table in one transaction of the target,
// keeping ids (opinions, documents and audit entries are referred to by
// them, in links and on paper); Compare then reads both databases again
// and sets their counts and content hashes side by side.

// notCopied are the tables each database keeps for itself: which
// migrations it has applied (both must have applied the same ones).
var notCopied = map[string]bool{"schema_migrations": true}

// occupied are tables whose rows mean a database is in use: a copy never
// overwrites one. (A freshly migrated database has rows elsewhere, such as
// the precedents' sequence row, which the copy replaces.)
var occupied = []string{"users", "documents", "precedents", "audit_log"}

// Copy copies every table of from into to, which must be at the same
// schema version and hold no records yet (see occupied). It reads from in
// one transaction and writes to in one: a failure leaves to as it was.
func Copy(ctx context.Context, from, to *Store) error {
	fv, err := from.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	tv, err := to.SchemaVersion(ctx)
	if err != nil {
		return err
	}
	if fv != tv {
		return fmt.Errorf("源数据库的结构版本为 %d，目标为 %d：请先用同一版本的 lawreview 对两者运行 lawreview db migrate", fv, tv)
	}
	for _, t := range occupied {
		var n int
		if err := to.db.QueryRowContext(ctx, `SELECT COUNT(*) FROM `+t).Scan(&n); err != nil {
			return fmt.Errorf("count %s of the target: %w", t, err)
		}
		if n > 0 {
			return fmt.Errorf("目标数据库已有数据（%s 表有 %d 行）：复制只写入新建的空数据库，不覆盖已有记录", t, n)
		}
	}
	tables, err := copyOrder(ctx, from, to)
	if err != nil {
		return err
	}
	rtx, err := from.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin reading the source: %w", err)
	}
	defer rtx.Rollback()
	wtx, err := to.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin writing the target: %w", err)
	}
	defer wtx.Rollback()
	// Children first: what a migration put in the target goes.
	for i := len(tables) - 1; i >= 0; i-- {
		if _, err := wtx.ExecContext(ctx, `DELETE FROM `+tables[i].Name); err != nil {
			return fmt.Errorf("empty %s of the target: %w", tables[i].Name, err)
		}
	}
	for _, t := range tables {
		if err := copyTable(ctx, rtx, wtx, t); err != nil {
			return err
		}
	}
	if err := to.db.d.AfterCopy(ctx, wtx, tables); err != nil {
		return err
	}
	if err := wtx.Commit(); err != nil {
		return fmt.Errorf("commit the copy: %w", err)
	}
	return nil
}

// copyOrder lists the tables to copy, parents before the tables that
// refer to them, with the target's columns (and its boolean and identity
// flags). Both databases must have the same tables and columns.
func copyOrder(ctx context.Context, from, to *Store) ([]Table, error) {
	ft, err := from.db.d.Tables(ctx, from.db)
	if err != nil {
		return nil, err
	}
	tt, err := to.db.d.Tables(ctx, to.db)
	if err != nil {
		return nil, err
	}
	src := map[string]Table{}
	for _, t := range ft {
		src[t.Name] = t
	}
	var tables []Table
	for _, t := range tt {
		if notCopied[t.Name] {
			continue
		}
		s, ok := src[t.Name]
		if !ok {
			return nil, fmt.Errorf("源数据库没有表 %s：两者结构不一致", t.Name)
		}
		if !sameColumns(s, t) {
			return nil, fmt.Errorf("表 %s 的列在两个数据库中不一致", t.Name)
		}
		delete(src, t.Name)
		tables = append(tables, t)
	}
	for name := range src {
		if !notCopied[name] {
			return nil, fmt.Errorf("目标数据库没有表 %s：两者结构不一致", name)
		}
	}
	return parentsFirst(tables)
}

func sameColumns(a, b Table) bool {
	names := func(t Table) []string {
		var out []string
		for _, c := range t.Columns {
			out = append(out, c.Name)
		}
		slices.Sort(out)
		return out
	}
	return slices.Equal(names(a), names(b))
}

// parentsFirst orders tables so that every table comes after those its
// foreign keys refer to (a table referring to itself aside).
func parentsFirst(tables []Table) ([]Table, error) {
	slices.SortFunc(tables, func(a, b Table) int { return strings.Compare(a.Name, b.Name) })
	done := map[string]bool{}
	var out []Table
	for len(out) < len(tables) {
		progress := false
		for _, t := range tables {
			if done[t.Name] {
				continue
			}
			ready := true
			for _, p := range t.Parents {
				if p != t.Name && !done[p] {
					ready = false
				}
			}
			if ready {
				done[t.Name] = true
				out = append(out, t)
				progress = true
			}
		}
		if !progress {
			return nil, fmt.Errorf("tables refer to each other in a cycle: cannot order the copy")
		}
	}
	return out, nil
}

// copyTable inserts every row of t, in id order where there is one so
// that a table referring to itself finds its parent rows in.
func copyTable(ctx context.Context, rtx, wtx *Tx, t Table) error {
	cols := make([]string, len(t.Columns))
	marks := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		cols[i], marks[i] = c.Name, "?"
	}
	order := ""
	if cols[0] == "id" {
		order = " ORDER BY id"
	}
	rows, err := rtx.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.Name+order)
	if err != nil {
		return fmt.Errorf("read %s: %w", t.Name, err)
	}
	defer rows.Close()
	ins := `INSERT INTO ` + t.Name + ` (` + strings.Join(cols, ", ") + `) VALUES (` + strings.Join(marks, ", ") + `)`
	vals := make([]any, len(cols))
	ptrs := make([]any, len(cols))
	for i := range vals {
		ptrs[i] = &vals[i]
	}
	n := 0
	for rows.Next() {
		if err := rows.Scan(ptrs...); err != nil {
			return fmt.Errorf("read %s: %w", t.Name, err)
		}
		for i, c := range t.Columns {
			vals[i] = convert(vals[i], c.Bool)
		}
		if _, err := wtx.ExecContext(ctx, ins, vals...); err != nil {
			return fmt.Errorf("write row %d of %s: %w", n+1, t.Name, err)
		}
		n++
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("read %s: %w", t.Name, err)
	}
	return nil
}

// convert turns SQLite's 0 and 1 into booleans for a target column that
// is boolean (PostgreSQL), and text read as bytes into text.
func convert(v any, isBool bool) any {
	switch x := v.(type) {
	case int64:
		if isBool {
			return x != 0
		}
	case []byte:
		return string(x)
	}
	return v
}

// TableSum is a table's row count and a hash of its rows' content,
// independent of the database: booleans count as 1 and 0, text and bytes
// alike, and the rows' order does not matter.
type TableSum struct {
	Rows int
	Hash string
}

// Sums are what Compare sets side by side: every table's count and hash,
// and the hash of every signed opinion (a sign-off's row) by its id.
type Sums struct {
	Tables   map[string]TableSum
	Opinions map[int64]string
}

// Sums reads the counts and hashes of every table but schema_migrations.
func (s *Store) Sums(ctx context.Context) (*Sums, error) {
	tables, err := s.db.d.Tables(ctx, s.db)
	if err != nil {
		return nil, err
	}
	out := &Sums{Tables: map[string]TableSum{}, Opinions: map[int64]string{}}
	for _, t := range tables {
		if notCopied[t.Name] {
			continue
		}
		cols := make([]string, len(t.Columns))
		for i, c := range t.Columns {
			cols[i] = c.Name
		}
		// Columns in name order: the two databases may have added them in
		// another order (ALTER TABLE appends).
		slices.Sort(cols)
		idAt := slices.Index(cols, "id")
		rows, err := s.db.QueryContext(ctx, `SELECT `+strings.Join(cols, ", ")+` FROM `+t.Name)
		if err != nil {
			return nil, fmt.Errorf("read %s: %w", t.Name, err)
		}
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		var sums [][]byte
		for rows.Next() {
			if err := rows.Scan(ptrs...); err != nil {
				rows.Close()
				return nil, fmt.Errorf("read %s: %w", t.Name, err)
			}
			h := sha256.New()
			for _, v := range vals {
				writeValue(h, v)
			}
			sum := h.Sum(nil)
			sums = append(sums, sum)
			if t.Name == "signoffs" && idAt >= 0 {
				if id, ok := vals[idAt].(int64); ok {
					out.Opinions[id] = hex.EncodeToString(sum)
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, fmt.Errorf("read %s: %w", t.Name, err)
		}
		slices.SortFunc(sums, func(a, b []byte) int { return strings.Compare(string(a), string(b)) })
		h := sha256.New()
		for _, sum := range sums {
			h.Write(sum)
		}
		out.Tables[t.Name] = TableSum{Rows: len(sums), Hash: hex.EncodeToString(h.Sum(nil))}
	}
	return out, nil
}

// writeValue writes v to h tagged and length-prefixed, so that no two
// rows' values run together into the same bytes.
func writeValue(h interface{ Write([]byte) (int, error) }, v any) {
	var tag byte
	var b []byte
	switch x := v.(type) {
	case nil:
		tag = 'N'
	case bool:
		tag, b = 'I', []byte("0")
		if x {
			b = []byte("1")
		}
	case int64:
		tag, b = 'I', strconv.AppendInt(nil, x, 10)
	case float64:
		if x == math.Trunc(x) && math.Abs(x) < 1<<53 {
			tag, b = 'I', strconv.AppendInt(nil, int64(x), 10)
		} else {
			tag, b = 'F', strconv.AppendFloat(nil, x, 'g', -1, 64)
		}
	case string:
		tag, b = 'S', []byte(x)
	case []byte:
		tag, b = 'S', x
	case time.Time:
		tag, b = 'T', []byte(x.UTC().Format(time.RFC3339Nano))
	default:
		tag, b = '?', []byte(fmt.Sprint(x))
	}
	var n [9]byte
	n[0] = tag
	binary.BigEndian.PutUint64(n[1:], uint64(len(b)))
	h.Write(n[:])
	h.Write(b)
}

// Difference is one thing Compare found different.
type Difference struct {
	Table string
	What  string
}

// Compare lists where a and b differ: a table's count or content, a
// signed opinion missing on one side or different. None means the two
// databases hold the same records.
func Compare(a, b *Sums) []Difference {
	var out []Difference
	names := map[string]bool{}
	for n := range a.Tables {
		names[n] = true
	}
	for n := range b.Tables {
		names[n] = true
	}
	sorted := make([]string, 0, len(names))
	for n := range names {
		sorted = append(sorted, n)
	}
	slices.Sort(sorted)
	for _, n := range sorted {
		x, okx := a.Tables[n]
		y, oky := b.Tables[n]
		switch {
		case !okx || !oky:
			out = append(out, Difference{n, "只在一个数据库中存在"})
		case x.Rows != y.Rows:
			out = append(out, Difference{n, fmt.Sprintf("行数不同：%d 与 %d", x.Rows, y.Rows)})
		case x.Hash != y.Hash:
			out = append(out, Difference{n, "行数相同而内容不同"})
		}
	}
	ids := make([]int64, 0, len(a.Opinions))
	for id := range a.Opinions {
		ids = append(ids, id)
	}
	for id := range b.Opinions {
		if _, ok := a.Opinions[id]; !ok {
			ids = append(ids, id)
		}
	}
	slices.Sort(ids)
	for _, id := range ids {
		if a.Opinions[id] != b.Opinions[id] {
			out = append(out, Difference{"signoffs", fmt.Sprintf("第 %d 份签发意见的 sha256 不同", id)})
		}
	}
	return out
}
