package docx

// Body is the main document part read once, as Word shows it.
type Body struct {
	Part   string  // the part's name, normally word/document.xml
	Blocks []Block // the text in reading order
}

// Block is one unit of text in reading order: a paragraph outside tables,
// or a table cell (its paragraphs joined by a space). A text box's
// paragraphs follow the paragraph or cell that holds the box; a nested
// table's cells follow the cell that holds the table.
type Block struct {
	// Text is what Word shows: the automatic number first ("第三条" and
	// the tab or space after it), tracked insertions kept, deletions,
	// hidden text and field instructions dropped, "\t" for a tab and "\n"
	// for a line break.
	Text string
	// Cell marks a table cell. Row numbers the table rows across the whole
	// document from 1, Col the cells of a row from 1; 0 outside tables.
	Cell     bool
	Row, Col int
	// InBox marks a paragraph of a text box.
	InBox bool
	// Heading is a paragraph in a heading or title style or with an
	// outline level; Title one in the Title style; Center one centred by
	// its properties or its style.
	Heading, Title, Center bool
	// Closed orders blocks by when their element ended: a paragraph that
	// holds a text box closes after the box's paragraphs, which follow it
	// in reading order.
	Closed int
}
