package extract

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf16"
)

// OLE2 compound files hold Word 97-2003 (.doc), WPS Office (.wps) and
// Excel/PowerPoint 97-2003 files, and also password-protected OOXML: Office
// wraps the encrypted .docx in a compound file with EncryptionInfo and
// EncryptedPackage streams. Only the directory is read here; the text of a
// .doc comes from LibreOffice.

type cfbEntry struct {
	name  string
	start uint32
	size  uint64
}

// cfbDirectory lists the entries of a compound file, with every sector
// index checked so that a crafted file cannot loop or read out of range.
func cfbDirectory(data []byte) ([]cfbEntry, uint32, error) {
	if len(data) < 512 {
		return nil, 0, errors.New("compound file shorter than its header")
	}
	shift := binary.LittleEndian.Uint16(data[0x1E:])
	if shift != 9 && shift != 12 {
		return nil, 0, fmt.Errorf("bad sector shift %d", shift)
	}
	secSize := uint32(1) << shift
	// Sector i starts at (i+1)*sector size: the header fills sector -1.
	n := len(data)/int(secSize) - 1
	if n < 1 {
		return nil, 0, errors.New("compound file shorter than one sector")
	}
	nSectors := uint32(n)
	sector := func(i uint32) ([]byte, bool) {
		if i >= nSectors {
			return nil, false
		}
		off := (int(i) + 1) * int(secSize)
		return data[off : off+int(secSize)], true
	}
	// FAT sector list: 109 entries in the header, then the DIFAT chain.
	var fatSectors []uint32
	for i := 0; i < 109; i++ {
		s := binary.LittleEndian.Uint32(data[0x4C+4*i:])
		if s < 0xFFFFFFFA {
			fatSectors = append(fatSectors, s)
		}
	}
	difat := binary.LittleEndian.Uint32(data[0x44:])
	for guard := 0; difat < 0xFFFFFFFA && guard < int(nSectors); guard++ {
		sec, ok := sector(difat)
		if !ok {
			return nil, 0, errors.New("DIFAT sector out of range")
		}
		per := int(secSize/4) - 1
		for i := 0; i < per; i++ {
			if s := binary.LittleEndian.Uint32(sec[4*i:]); s < 0xFFFFFFFA {
				fatSectors = append(fatSectors, s)
			}
		}
		difat = binary.LittleEndian.Uint32(sec[4*per:])
	}
	var fat []uint32
	for _, fs := range fatSectors {
		sec, ok := sector(fs)
		if !ok {
			return nil, 0, errors.New("FAT sector out of range")
		}
		for i := 0; i+4 <= len(sec); i += 4 {
			fat = append(fat, binary.LittleEndian.Uint32(sec[i:]))
		}
	}
	var entries []cfbEntry
	dir := binary.LittleEndian.Uint32(data[0x30:])
	for guard := 0; dir < 0xFFFFFFFA; guard++ {
		if guard > len(fat) {
			return nil, 0, errors.New("directory chain loops")
		}
		sec, ok := sector(dir)
		if !ok {
			return nil, 0, errors.New("directory sector out of range")
		}
		for off := 0; off+128 <= len(sec); off += 128 {
			e := sec[off : off+128]
			n := int(binary.LittleEndian.Uint16(e[0x40:]))
			if e[0x42] == 0 || n < 2 || n > 64 {
				continue // unused entry
			}
			u := make([]uint16, n/2-1)
			for i := range u {
				u[i] = binary.LittleEndian.Uint16(e[2*i:])
			}
			entries = append(entries, cfbEntry{
				name:  string(utf16.Decode(u)),
				start: binary.LittleEndian.Uint32(e[0x74:]),
				size:  binary.LittleEndian.Uint64(e[0x78:]) & 0xFFFFFFFF,
			})
		}
		if int(dir) >= len(fat) {
			break
		}
		dir = fat[dir]
	}
	return entries, secSize, nil
}

func extractOLE(name string, data []byte, opt Options) (*Document, error) {
	entries, secSize, err := cfbDirectory(data)
	if err != nil {
		return nil, newErr(CodeCorrupt, "文件已损坏或不完整，无法读取。请重新保存为 .docx 后上传", fmt.Errorf("read compound file %s: %w", name, err))
	}
	has := map[string]cfbEntry{}
	for _, e := range entries {
		has[strings.ToLower(e.name)] = e
	}
	_, encInfo := has["encryptioninfo"]
	_, encPkg := has["encryptedpackage"]
	switch {
	case encInfo || encPkg:
		return nil, newErr(CodeEncrypted, msgEncDocx, nil)
	case has["workbook"].name != "" || has["book"].name != "":
		return nil, newErr(CodeUnsupported, "这是 Excel 表格文件，不是 Word 文档。请上传 .docx、PDF 或文本文件", nil)
	case has["powerpoint document"].name != "":
		return nil, newErr(CodeUnsupported, "这是 PowerPoint 演示文稿，不是 Word 文档。请上传 .docx、PDF 或文本文件", nil)
	case has["worddocument"].name == "":
		return nil, newErr(CodeUnsupported, msgUnknown, nil)
	}
	if wordEncrypted(data, has["worddocument"], secSize) {
		return nil, newErr(CodeEncrypted, msgEncDocx, nil)
	}
	format := "doc"
	if hasExt(name, ".wps", ".wpt") {
		format = "wps"
	}
	docx, err := convertWithSoffice(name, data, format, opt)
	if err != nil {
		return nil, err
	}
	doc, err := extractDocx(name, docx, opt)
	if err != nil {
		return nil, err
	}
	doc.Format = format
	return doc, nil
}

// wordEncrypted reads fEncrypted from the FIB at the start of the
// WordDocument stream ([MS-DOC] 2.5.2), which lives in regular sectors
// because the stream is always larger than the 4096-byte mini-stream cutoff.
func wordEncrypted(data []byte, e cfbEntry, secSize uint32) bool {
	if e.size < 4096 {
		return false
	}
	off := int64(e.start+1) * int64(secSize)
	if off+0x0C > int64(len(data)) || off < 0 {
		return false
	}
	flags := binary.LittleEndian.Uint16(data[off+0x0A:])
	return data[off] == 0xEC && data[off+1] == 0xA5 && flags&0x0100 != 0
}

const sofficeTimeout = 60 * time.Second

// sofficePath finds LibreOffice: the configured path, else soffice or
// libreoffice on PATH.
func sofficePath(opt Options) string {
	if opt.Soffice != "" {
		if p, err := exec.LookPath(opt.Soffice); err == nil {
			return p
		}
		return ""
	}
	for _, n := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	return ""
}

func convertWithSoffice(name string, data []byte, format string, opt Options) ([]byte, error) {
	bin := sofficePath(opt)
	if bin == "" {
		return nil, newErr(CodeNeedDocx, msgNeedDocx, errors.New("LibreOffice (soffice) not found"))
	}
	tmp, err := os.MkdirTemp("", "lawreview-soffice-")
	if err != nil {
		return nil, newErr(CodeNeedDocx, msgNeedDocx, fmt.Errorf("temp dir: %w", err))
	}
	defer os.RemoveAll(tmp)
	in := filepath.Join(tmp, "input."+format)
	if err := os.WriteFile(in, data, 0o600); err != nil {
		return nil, newErr(CodeNeedDocx, msgNeedDocx, fmt.Errorf("write %s: %w", in, err))
	}
	ctx, cancel := context.WithTimeout(context.Background(), sofficeTimeout)
	defer cancel()
	// A private profile per run: LibreOffice refuses to start a second
	// instance on a profile that another process holds.
	profile := "file://" + filepath.ToSlash(filepath.Join(tmp, "profile"))
	cmd := exec.CommandContext(ctx, bin, "--headless", "--norestore", "--nolockcheck", "--nodefault",
		"-env:UserInstallation="+profile, "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, in)
	cmd.Env = append(os.Environ(), "HOME="+tmp)
	out, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return nil, newErr(CodeNeedDocx, "转换 Word 97-2003 / WPS 文件超时，请另存为 .docx 后上传", fmt.Errorf("soffice %s: %w", name, ctx.Err()))
	}
	result, rerr := os.ReadFile(filepath.Join(tmp, "input.docx"))
	if err != nil || rerr != nil {
		return nil, newErr(CodeNeedDocx, msgNeedDocx, fmt.Errorf("soffice %s: %v %v: %s", name, err, rerr, strings.TrimSpace(string(out))))
	}
	return result, nil
}
