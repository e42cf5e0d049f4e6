package main

import (
	"flag"
	"fmt"
	"io"
	"strings"
)

// cmdFlags wraps flag.FlagSet with Chinese help text and the --data flag that
// every command shares.
type cmdFlags struct {
	*flag.FlagSet
	data  *string
	usage string // e.g. "lawreview review [参数] 文件..."
	about string // Chinese description and examples
}

func newFlags(name, usage, about string, stderr io.Writer) *cmdFlags {
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	f := &cmdFlags{FlagSet: fs, usage: usage, about: about}
	f.data = fs.String("data", "", "数据目录（默认 $LAWREVIEW_DATA，否则 ./data）")
	fs.Usage = func() { f.printUsage(stderr) }
	return f
}

func (f *cmdFlags) printUsage(w io.Writer) {
	fmt.Fprintf(w, "用法：%s\n\n", f.usage)
	if f.about != "" {
		fmt.Fprintln(w, strings.TrimSpace(f.about))
		fmt.Fprintln(w)
	}
	fmt.Fprintln(w, "参数：")
	f.FlagSet.SetOutput(w)
	f.FlagSet.PrintDefaults()
}

// parse accepts flags before and after positional arguments
// (`lawreview search 外嫁女 --law 妇女权益保障法`), which the standard flag
// package alone does not. It returns the positional arguments, or ok=false
// with the exit code to use (0 for --help, 2 for a usage error).
func (f *cmdFlags) parse(args []string) (pos []string, code int, ok bool) {
	rest := args
	for {
		if err := f.FlagSet.Parse(rest); err != nil {
			if err == flag.ErrHelp {
				return nil, exitOK, false
			}
			return nil, exitUsage, false
		}
		rest = f.FlagSet.Args()
		if len(rest) == 0 {
			return pos, 0, true
		}
		if rest[0] == "--" {
			return append(pos, rest[1:]...), 0, true
		}
		pos = append(pos, rest[0])
		rest = rest[1:]
	}
}

// dataDir returns the data directory, creating it on first use.
func (f *cmdFlags) dataDir() (string, error) { return dataDir(*f.data) }
