package dmath

// Constants too precise to write as decimal literals, as hexadecimal
// floating-point literals. TestConstants recomputes every one of them with
// math/big (Machin's formula for pi, atanh series for logarithms) and checks
// them bit for bit.
const (
	// ln 2 = ln2Hi + ln2Lo; ln2Hi has 42 significant bits, so k*ln2Hi is
	// exact for |k| < 2^11.
	ln2Hi = 0x1.62e42fefa38p-01
	ln2Lo = 0x1.ef35793c7673p-45
	// 1/ln 2, rounded.
	invLn2 = 0x1.71547652b82fep+00

	// pi/2 and pi as double-doubles.
	pio2Hi = 0x1.921fb54442d18p+00
	pio2Lo = 0x1.1a62633145c07p-54
	piHi   = 0x1.921fb54442d18p+01
	piLo   = 0x1.1a62633145c07p-53
	// 2/pi, rounded.
	twoOverPi = 0x1.45f306dc9c883p-01
	// pi/2 = pio2P1 + pio2P2 + pio2P3 + pio2P4 (about 152 bits). The first
	// three have at most 33 significant bits, so j*pio2Pn is exact for
	// j < 2^20.
	pio2P1 = 0x1.921fb544p+00
	pio2P2 = 0x1.0b4611a6p-34
	pio2P3 = 0x1.3198a2ep-69
	pio2P4 = 0x1.b839a252049c1p-104

	// 1/ln 10 and 1/3 as double-doubles.
	invLn10Hi = 0x1.bcb7b1526e50ep-02
	invLn10Lo = 0x1.95355baaafad3p-57
	thirdHi   = 0x1.5555555555555p-02
	thirdLo   = 0x1.5555555555555p-56
)

// atanHi[i] + atanLo[i] = atan(i/16), for i = 0..16.
var atanHi = [17]float64{
	0x0p+00, 0x1.ff55bb72cfdeap-05, 0x1.fd5ba9aac2f6ep-04, 0x1.7b97b4bce5b02p-03,
	0x1.f5b75f92c80ddp-03, 0x1.362773707ebccp-02, 0x1.6f61941e4def1p-02, 0x1.a64eec3cc23fdp-02,
	0x1.dac670561bb4fp-02, 0x1.0657e94db30dp-01, 0x1.1e00babdefeb4p-01, 0x1.345f01cce37bbp-01,
	0x1.4978fa3269ee1p-01, 0x1.5d58987169b18p-01, 0x1.700a7c5784634p-01, 0x1.819d0b7158a4dp-01,
	0x1.921fb54442d18p-01,
}

var atanLo = [17]float64{
	0x0p+00, -0x1.c934d86d23f1dp-60, -0x1.cd37686760c17p-59, 0x1.347b0b4f881cap-58,
	0x1.8ab6e3cf7afbdp-57, -0x1.963a544b672d8p-57, -0x1.c63aae6f6e918p-56, -0x1.24dec1b50b7ffp-56,
	0x1.a2b7f222f65e2p-56, -0x1.d5b495f6349e6p-56, -0x1.928df287a668fp-58, 0x1.1021137c71102p-55,
	0x1.2419a87f2a458p-56, 0x1.0028e4bc5e7cap-57, -0x1.8c34d25aadef6p-56, -0x1.bf76229d3b917p-56,
	0x1.1a62633145c07p-55,
}

// twoOverPiBits holds the first 1280 bits of 2/pi after the binary point,
// 64 per word, most significant first; Payne–Hanek reduction of huge
// arguments reads a window of them.
var twoOverPiBits = [20]uint64{
	0xa2f9836e4e441529, 0xfc2757d1f534ddc0, 0xdb6295993c439041, 0xfe5163abdebbc561,
	0xb7246e3a424dd2e0, 0x06492eea09d1921c, 0xfe1deb1cb129a73e, 0xe88235f52ebb4484,
	0xe99c7026b45f7e41, 0x3991d639835339f4, 0x9c845f8bbdf9283b, 0x1ff897ffde05980f,
	0xef2f118b5a0a6d1f, 0x6d367ecf27cb09b7, 0x4f463f669e5fea2d, 0x7527bac7ebe5f17b,
	0x3d0739f78a5292ea, 0x6bfb5fb11f8d5d08, 0x56033046fc7b6bab, 0xf0cfbc209af4361d,
}
