;; The serving path of a bag model with a linear Dense head, in 128-bit SIMD (four floats at a time).
;; JavaScript owns the memory layout (bag-head.ts): every row and every kernel row is padded with zeros
;; to a multiple of four floats ("stride"), so each loop below runs over whole four-float vectors.
(module
  (memory (export "memory") 1)

  ;; For each example b: out[b] = the mean of the table rows ids[offsets[b]] .. ids[offsets[b + 1] - 1]
  ;; (all zero when there are none). Addresses are in bytes; offsets holds batch + 1 int32s.
  (func (export "bagMean")
    (param $table i32) (param $stride i32) (param $ids i32) (param $offsets i32) (param $batch i32) (param $out i32)
    (local $rowBytes i32) (local $b i32) (local $k i32) (local $end i32) (local $row i32) (local $d i32) (local $scale v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (block $examplesDone
      (loop $examples
        (br_if $examplesDone (i32.ge_u (local.get $b) (local.get $batch)))
        (memory.fill (local.get $out) (i32.const 0) (local.get $rowBytes))
        (local.set $k (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $end (i32.load (i32.add (local.get $offsets) (i32.shl (i32.add (local.get $b) (i32.const 1)) (i32.const 2)))))
        (if (i32.lt_u (local.get $k) (local.get $end))
          (then
            (local.set $scale (f32x4.splat (f32.div (f32.const 1) (f32.convert_i32_u (i32.sub (local.get $end) (local.get $k))))))
            (loop $rows
              (local.set $row
                (i32.add (local.get $table)
                  (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2)))) (local.get $rowBytes))))
              (local.set $d (i32.const 0))
              (loop $columns
                (v128.store (i32.add (local.get $out) (local.get $d))
                  (f32x4.add
                    (v128.load (i32.add (local.get $out) (local.get $d)))
                    (v128.load (i32.add (local.get $row) (local.get $d)))))
                (br_if $columns (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const 16))) (local.get $rowBytes))))
              (br_if $rows (i32.lt_u (local.tee $k (i32.add (local.get $k) (i32.const 1))) (local.get $end))))
            (local.set $d (i32.const 0))
            (loop $scaleColumns
              (v128.store (i32.add (local.get $out) (local.get $d))
                (f32x4.mul (v128.load (i32.add (local.get $out) (local.get $d))) (local.get $scale)))
              (br_if $scaleColumns (i32.lt_u (local.tee $d (i32.add (local.get $d) (i32.const 16))) (local.get $rowBytes))))))
        (local.set $out (i32.add (local.get $out) (local.get $rowBytes)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $examples))))

;; For each example b: out[b] = bias + in[b] x kernel, where in[b] holds inStride floats and kernel
  ;; is [inStride, outStride], row-major (rows for padding inputs are zero). Four inputs at a time scale
  ;; four kernel rows into the output row, so each output vector is loaded and stored once per four.
  (func (export "dense")
    (param $in i32) (param $inStride i32) (param $batch i32) (param $kernel i32) (param $bias i32) (param $outStride i32) (param $out i32)
    (local $inBytes i32) (local $outBytes i32) (local $b i32) (local $i i32) (local $j i32)
    (local $row0 i32) (local $row1 i32) (local $row2 i32) (local $row3 i32)
    (local $inputs v128) (local $x0 v128) (local $x1 v128) (local $x2 v128) (local $x3 v128)
    (local.set $inBytes (i32.shl (local.get $inStride) (i32.const 2)))
    (local.set $outBytes (i32.shl (local.get $outStride) (i32.const 2)))
    (block $examplesDone
      (loop $examples
        (br_if $examplesDone (i32.ge_u (local.get $b) (local.get $batch)))
        (memory.copy (local.get $out) (local.get $bias) (local.get $outBytes))
        (local.set $i (i32.const 0))
        (local.set $row0 (local.get $kernel))
        (loop $inputGroups
          (local.set $inputs (v128.load (i32.add (local.get $in) (local.get $i))))
          (local.set $x0 (f32x4.splat (f32x4.extract_lane 0 (local.get $inputs))))
          (local.set $x1 (f32x4.splat (f32x4.extract_lane 1 (local.get $inputs))))
          (local.set $x2 (f32x4.splat (f32x4.extract_lane 2 (local.get $inputs))))
          (local.set $x3 (f32x4.splat (f32x4.extract_lane 3 (local.get $inputs))))
          (local.set $row1 (i32.add (local.get $row0) (local.get $outBytes)))
          (local.set $row2 (i32.add (local.get $row1) (local.get $outBytes)))
          (local.set $row3 (i32.add (local.get $row2) (local.get $outBytes)))
          (local.set $j (i32.const 0))
          (loop $outputs
            (v128.store (i32.add (local.get $out) (local.get $j))
              (f32x4.add
                (f32x4.add
                  (v128.load (i32.add (local.get $out) (local.get $j)))
                  (f32x4.add
                    (f32x4.mul (local.get $x0) (v128.load (i32.add (local.get $row0) (local.get $j))))
                    (f32x4.mul (local.get $x1) (v128.load (i32.add (local.get $row1) (local.get $j))))))
                (f32x4.add
                  (f32x4.mul (local.get $x2) (v128.load (i32.add (local.get $row2) (local.get $j))))
                  (f32x4.mul (local.get $x3) (v128.load (i32.add (local.get $row3) (local.get $j)))))))
            (br_if $outputs (i32.lt_u (local.tee $j (i32.add (local.get $j) (i32.const 16))) (local.get $outBytes))))
          (local.set $row0 (i32.add (local.get $row3) (local.get $outBytes)))
          (br_if $inputGroups (i32.lt_u (local.tee $i (i32.add (local.get $i) (i32.const 16))) (local.get $inBytes))))
        (local.set $in (i32.add (local.get $in) (local.get $inBytes)))
        (local.set $out (i32.add (local.get $out) (local.get $outBytes)))
        (local.set $b (i32.add (local.get $b) (i32.const 1)))
        (br $examples)))))
