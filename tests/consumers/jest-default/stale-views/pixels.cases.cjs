// The three tests of pixels.js and pixels.mjs, written once for both module systems' check
// files (pixels.check.js, pixels.check.mjs), each of which passes in its own module's
// functions. `test` and `expect` are Jest's globals of the calling test file.

/** Defines the tests on `pixels` (Canvas and the functions under test); `suffix` ends each name. */
module.exports = function pixelTests(
  { Canvas, paintAndRead, paintAndReadBuggy, sumLeaky },
  suffix,
) {
  test(`paintAndReadBuggy reads the pixel it painted${suffix}`, () => {
    const canvas = new Canvas(8, 8);
    expect(paintAndReadBuggy(canvas, 200)).toEqual([200, 0, 0, 255]);
    canvas.free();
  });

  test(`paintAndRead reads the pixel it painted${suffix}`, () => {
    const canvas = new Canvas(8, 8);
    expect(paintAndRead(canvas, 200)).toEqual([200, 0, 0, 255]);
    canvas.free();
  });

  test(`sumLeaky sums its values${suffix}`, () => {
    expect(sumLeaky([1, 2, 3])).toBe(6);
  });
};
