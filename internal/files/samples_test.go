package files

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"image"
	"image/color"
	"image/jpeg"
	"image/png"
	"testing"
)

// Small but valid files of each kind, built here so the tests carry no binaries.

// samplePDF is a one-page PDF with a correct cross-reference table; note
// varies the bytes so that tests can tell their files apart.
func samplePDF(note string) []byte {
	objs := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n% " + note + "\n")
	offsets := make([]int, len(objs))
	for i, o := range objs {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objs)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objs)+1, xref)
	return b.Bytes()
}

func sampleImage(seed uint8) image.Image {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, color.RGBA{seed, 10, 20, 255})
	img.Set(1, 1, color.RGBA{200, seed, 40, 255})
	return img
}

func samplePNG(t testing.TB, seed uint8) []byte {
	var b bytes.Buffer
	if err := png.Encode(&b, sampleImage(seed)); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func sampleJPEG(t testing.TB, seed uint8) []byte {
	var b bytes.Buffer
	if err := jpeg.Encode(&b, sampleImage(seed), nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// sampleTIFF is a 1×1 8-bit grey baseline TIFF in either byte order.
func sampleTIFF(order binary.ByteOrder, grey byte) []byte {
	var b bytes.Buffer
	if order == binary.LittleEndian {
		b.WriteString("II")
	} else {
		b.WriteString("MM")
	}
	binary.Write(&b, order, uint16(42))
	binary.Write(&b, order, uint32(8)) // the first IFD follows the header
	type entry struct {
		tag, typ uint16
		value    uint32
	}
	const short, long = 3, 4
	entries := []entry{
		{256, short, 1}, // ImageWidth
		{257, short, 1}, // ImageLength
		{258, short, 8}, // BitsPerSample
		{259, short, 1}, // Compression: none
		{262, short, 1}, // PhotometricInterpretation: black is zero
		{273, long, 0},  // StripOffsets, filled in below
		{278, short, 1}, // RowsPerStrip
		{279, short, 1}, // StripByteCounts
	}
	ifdLen := 2 + 12*len(entries) + 4
	entries[5].value = uint32(8 + ifdLen)
	binary.Write(&b, order, uint16(len(entries)))
	for _, e := range entries {
		binary.Write(&b, order, e.tag)
		binary.Write(&b, order, e.typ)
		binary.Write(&b, order, uint32(1))
		if e.typ == short {
			// A SHORT sits in the first two bytes of the value field.
			binary.Write(&b, order, uint16(e.value))
			binary.Write(&b, order, uint16(0))
		} else {
			binary.Write(&b, order, e.value)
		}
	}
	binary.Write(&b, order, uint32(0)) // no next IFD
	b.WriteByte(grey)
	return b.Bytes()
}

// sampleEXE starts like a Windows program.
func sampleEXE() []byte {
	b := make([]byte, 256)
	copy(b, "MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff")
	copy(b[64:], "PE\x00\x00")
	return b
}

func sampleHTML() []byte {
	return []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")
}
