// Spec: client-server API, "Thumbnails": preferred sizes, never smaller than
// asked unless the content is, never upscaled; crop keeps the request's
// aspect ratio, scale keeps the image's.
import { describe, expect, it } from "vitest";
import { chooseThumbnailBox, thumbnailDimensions } from "./thumbnail-sizes.js";

describe("thumbnail sizes", () => {
  it("picks the smallest preferred size at least as large as the request", () => {
    expect(chooseThumbnailBox(32, 32, "crop")).toEqual({ width: 32, height: 32, method: "crop" });
    expect(chooseThumbnailBox(33, 10, "crop")).toEqual({ width: 96, height: 96, method: "crop" });
    expect(chooseThumbnailBox(100, 100, "scale")).toEqual({ width: 320, height: 240, method: "scale" });
    expect(chooseThumbnailBox(321, 100, "scale")).toEqual({ width: 640, height: 480, method: "scale" });
    expect(chooseThumbnailBox(800, 600, "scale")).toEqual({ width: 800, height: 600, method: "scale" });
  });

  it("uses the request itself when no preferred size is large enough", () => {
    expect(chooseThumbnailBox(200, 200, "crop")).toEqual({ width: 200, height: 200, method: "crop" });
    expect(chooseThumbnailBox(1000, 700, "scale")).toEqual({ width: 1000, height: 700, method: "scale" });
  });

  it("scales inside the box keeping the aspect ratio, without enlarging", () => {
    expect(thumbnailDimensions(1000, 500, { width: 320, height: 240, method: "scale" })).toEqual({ width: 320, height: 160 });
    expect(thumbnailDimensions(500, 1000, { width: 320, height: 240, method: "scale" })).toEqual({ width: 120, height: 240 });
    expect(thumbnailDimensions(100, 50, { width: 320, height: 240, method: "scale" })).toEqual({ width: 100, height: 50 });
  });

  it("crops to the box, or to the largest region of its aspect ratio when the image is smaller", () => {
    expect(thumbnailDimensions(1000, 500, { width: 96, height: 96, method: "crop" })).toEqual({ width: 96, height: 96 });
    expect(thumbnailDimensions(1000, 50, { width: 96, height: 96, method: "crop" })).toEqual({ width: 50, height: 50 });
    expect(thumbnailDimensions(60, 40, { width: 96, height: 96, method: "crop" })).toEqual({ width: 40, height: 40 });
  });
});
