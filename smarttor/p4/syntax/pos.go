package syntax

import (
	"fmt"
	"sort"
	"sync"
)

// Pos is a compact source position: an offset into a FileSet, like
// go/token.Pos. The zero value NoPos means "no position". A Pos becomes a
// file:line:col Position only through the FileSet that produced it.
type Pos int

// NoPos is the zero Pos; it is never a valid position.
const NoPos Pos = 0

// IsValid reports whether p is a real position.
func (p Pos) IsValid() bool { return p != NoPos }

// Position is a printable source position. Filename and Line are those of
// the original source file after #include splicing has been undone.
type Position struct {
	Filename string
	Offset   int // byte offset in the preprocessed text, starting at 0
	Line     int // 1-based
	Column   int // 1-based, in bytes
}

// IsValid reports whether the position has a line number.
func (p Position) IsValid() bool { return p.Line > 0 }

// String formats the position as file:line:col, file:line, or "-".
func (p Position) String() string {
	s := p.Filename
	if p.IsValid() {
		if s != "" {
			s += ":"
		}
		s += fmt.Sprintf("%d", p.Line)
		if p.Column != 0 {
			s += fmt.Sprintf(":%d", p.Column)
		}
	}
	if s == "" {
		s = "-"
	}
	return s
}

// lineInfo remaps the line starting at Offset (and those after it) to
// Filename:Line, the way a #line directive or an #include splice does.
type lineInfo struct {
	Offset   int
	Filename string
	Line     int
}

// File is one text that was tokenized: normally the output of the
// preprocessor, with line infos that map its lines back to the files that
// were spliced into it.
type File struct {
	name  string
	base  int
	size  int
	mu    sync.Mutex
	lines []int      // offsets of the first byte of each line
	infos []lineInfo // sorted by Offset
}

// Name returns the name the file was added with.
func (f *File) Name() string { return f.name }

// Base returns the Pos of the file's first byte.
func (f *File) Base() int { return f.base }

// Size returns the length of the file's text in bytes.
func (f *File) Size() int { return f.size }

// Pos returns the Pos of a byte offset in the file; offsets beyond the
// end are clamped to the end.
func (f *File) Pos(offset int) Pos {
	if offset < 0 {
		offset = 0
	}
	if offset > f.size {
		offset = f.size
	}
	return Pos(f.base + offset)
}

// Offset returns the byte offset of p in the file.
func (f *File) Offset(p Pos) int {
	o := int(p) - f.base
	if o < 0 {
		o = 0
	}
	if o > f.size {
		o = f.size
	}
	return o
}

// SetLinesForContent computes the line table from the file's text.
func (f *File) SetLinesForContent(content []byte) {
	lines := []int{0}
	for i, c := range content {
		if c == '\n' && i+1 < len(content) {
			lines = append(lines, i+1)
		}
	}
	f.mu.Lock()
	f.lines = lines
	f.mu.Unlock()
}

// AddLineInfo records that the line starting at offset is line `line` of
// filename; later lines follow consecutively until the next line info.
// Infos must be added in increasing offset order; others are ignored.
func (f *File) AddLineInfo(offset int, filename string, line int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if n := len(f.infos); n > 0 && f.infos[n-1].Offset >= offset {
		if f.infos[n-1].Offset == offset {
			f.infos[n-1] = lineInfo{offset, filename, line}
		}
		return
	}
	if offset >= 0 && offset <= f.size {
		f.infos = append(f.infos, lineInfo{offset, filename, line})
	}
}

// Position converts p, which must belong to f, into a Position with line
// remapping applied.
func (f *File) Position(p Pos) Position {
	off := f.Offset(p)
	f.mu.Lock()
	defer f.mu.Unlock()
	i := sort.Search(len(f.lines), func(i int) bool { return f.lines[i] > off }) - 1
	pos := Position{Filename: f.name, Offset: off, Line: 1, Column: off + 1}
	if i >= 0 {
		pos.Line = i + 1
		pos.Column = off - f.lines[i] + 1
	}
	j := sort.Search(len(f.infos), func(j int) bool { return f.infos[j].Offset > off }) - 1
	if j >= 0 {
		info := f.infos[j]
		// The line of the info's offset in the text.
		k := sort.Search(len(f.lines), func(k int) bool { return f.lines[k] > info.Offset }) - 1
		pos.Filename = info.Filename
		pos.Line = info.Line + (i - k)
	}
	return pos
}

// FileSet is a set of Files sharing one Pos space, like go/token.FileSet.
// It is safe for concurrent use.
type FileSet struct {
	mu    sync.Mutex
	base  int
	files []*File
}

// NewFileSet returns an empty FileSet.
func NewFileSet() *FileSet { return &FileSet{base: 1} }

// AddFile adds a file of the given size and returns it. Its positions are
// [Base, Base+size].
func (s *FileSet) AddFile(name string, size int) *File {
	s.mu.Lock()
	defer s.mu.Unlock()
	if size < 0 {
		size = 0
	}
	f := &File{name: name, base: s.base, size: size, lines: []int{0}}
	s.base += size + 1
	s.files = append(s.files, f)
	return f
}

// File returns the file containing p, or nil.
func (s *FileSet) File(p Pos) *File {
	if p == NoPos {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	i := sort.Search(len(s.files), func(i int) bool { return s.files[i].base > int(p) }) - 1
	if i < 0 {
		return nil
	}
	f := s.files[i]
	if int(p) > f.base+f.size {
		return nil
	}
	return f
}

// Position converts p into a printable Position; the zero Position if p is
// not in the set.
func (s *FileSet) Position(p Pos) Position {
	if s == nil {
		return Position{}
	}
	if f := s.File(p); f != nil {
		return f.Position(p)
	}
	return Position{}
}
