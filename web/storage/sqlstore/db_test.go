package sqlstore

import (
	"testing"
	"testing/fstest"
)

func TestDollarPlaceholders(t *testing.T) {
	for _, c := range []struct{ in, want string }{
		{`SELECT 1`, `SELECT 1`},
		{`SELECT * FROM t WHERE a = ? AND b IN (?, ?)`, `SELECT * FROM t WHERE a = $1 AND b IN ($2, $3)`},
		{`SELECT '?' , "we?rd" FROM t WHERE a = ?`, `SELECT '?' , "we?rd" FROM t WHERE a = $1`},
		{`SELECT 'it''s ?' WHERE x = ?`, `SELECT 'it''s ?' WHERE x = $1`},
		{"SELECT a -- why?\nFROM t WHERE b = ?", "SELECT a -- why?\nFROM t WHERE b = $1"},
		{`SELECT 'unterminated ?`, `SELECT 'unterminated ?`},
		{`UPDATE t SET x = x - ? WHERE y = ?`, `UPDATE t SET x = x - $1 WHERE y = $2`},
	} {
		if got := DollarPlaceholders(c.in); got != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.in, got, c.want)
		}
	}
}

func TestMigrationsListed(t *testing.T) {
	fsys := fstest.MapFS{
		"m/0002_b.sql":   {Data: []byte("x")},
		"m/0010_c.sql":   {Data: []byte("x")},
		"m/0001_a.sql":   {Data: []byte("x")},
		"m/README.txt":   {Data: []byte("x")},
		"other/0003.sql": {Data: []byte("x")},
	}
	ms, err := Migrations(fsys, "m")
	if err != nil {
		t.Fatal(err)
	}
	if len(ms) != 3 || ms[0].Version != 1 || ms[1].Version != 2 || ms[2].Version != 10 || ms[2].Name != "0010_c.sql" {
		t.Errorf("migrations %+v", ms)
	}
	fsys["m/0010_d.sql"] = &fstest.MapFile{Data: []byte("x")}
	if _, err := Migrations(fsys, "m"); err == nil {
		t.Error("two migrations numbered 0010 accepted")
	}
	fsys["m/x_e.sql"] = &fstest.MapFile{Data: []byte("x")}
	delete(fsys, "m/0010_d.sql")
	if _, err := Migrations(fsys, "m"); err == nil {
		t.Error("a migration without a number accepted")
	}
}
