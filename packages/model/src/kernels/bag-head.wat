;; The serving path of a bag model with a linear Dense head, in 128-bit SIMD (four floats at a time).
;; JavaScript owns the memory layout (bag-head-kernel.ts): table rows are padded with zeros to a multiple
;; of 16 floats and every other row to a multiple of four ("stride"), so each loop below runs over whole
;; vectors.
(module
  (memory (export "memory") 1)

  ;; For each example b: out[b] = the mean of the table rows ids[offsets[b]] .. ids[offsets[b + 1] - 1]
  ;; (all zero when there are none). Addresses are in bytes; offsets holds batch + 1 int32s; stride is a
  ;; multiple of 16. Sixteen columns at a time are summed over all the rows in four registers and stored
  ;; once, instead of loading and storing the output for every row.
  (func (export "bagMean")
    (param $table i32) (param $stride i32) (param $ids i32) (param $offsets i32) (param $batch i32) (param $out i32)
    (local $rowBytes i32) (local $b i32) (local $first i32) (local $end i32) (local $k i32) (local $column i32) (local $row i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $scale v128)
    (local.set $rowBytes (i32.shl (local.get $stride) (i32.const 2)))
    (block $examplesDone
      (loop $examples
        (br_if $examplesDone (i32.ge_u (local.get $b) (local.get $batch)))
        (local.set $first (i32.load (i32.add (local.get $offsets) (i32.shl (local.get $b) (i32.const 2)))))
        (local.set $end (i32.load offset=4 (i32.add (local.get $offsets) (i32.shl (local.get $b) (i32.const 2)))))
        ;; 1 / row count, or 0 without rows (the sums are zero then, and 0 x 1/0 would be NaN).
        (local.set $scale
          (f32x4.splat
            (select
              (f32.div (f32.const 1) (f32.convert_i32_u (i32.sub (local.get $end) (local.get $first))))
              (f32.const 0)
              (i32.lt_u (local.get $first) (local.get $end)))))
        (local.set $column (i32.const 0))
        (loop $columnGroups
          (local.set $s0 (v128.const i32x4 0 0 0 0))
          (local.set $s1 (v128.const i32x4 0 0 0 0))
          (local.set $s2 (v128.const i32x4 0 0 0 0))
          (local.set $s3 (v128.const i32x4 0 0 0 0))
          (local.set $k (local.get $first))
          (block $rowsDone
            (loop $rows
              (br_if $rowsDone (i32.ge_u (local.get $k) (local.get $end)))
              (local.set $row
                (i32.add
                  (i32.add (local.get $table) (local.get $column))
                  (i32.mul (i32.load (i32.add (local.get $ids) (i32.shl (local.get $k) (i32.const 2)))) (local.get $rowBytes))))
              (local.set $s0 (f32x4.add (local.get $s0) (v128.load (local.get $row))))
              (local.set $s1 (f32x4.add (local.get $s1) (v128.load offset=16 (local.get $row))))
              (local.set $s2 (f32x4.add (local.get $s2) (v128.load offset=32 (local.get $row))))
              (local.set $s3 (f32x4.add (local.get $s3) (v128.load offset=48 (local.get $row))))
              (local.set $k (i32.add (local.get $k) (i32.const 1)))
              (br $rows)))
          (v128.store (i32.add (local.get $out) (local.get $column)) (f32x4.mul (local.get $s0) (local.get $scale)))
          (v128.store offset=16 (i32.add (local.get $out) (local.get $column)) (f32x4.mul (local.get $s1) (local.get $scale)))
          (v128.store offset=32 (i32.add (local.get $out) (local.get $column)) (f32x4.mul (local.get $s2) (local.get $scale)))
          (v128.store offset=48 (i32.add (local.get $out) (local.get $column)) (f32x4.mul (local.get $s3) (local.get $scale)))
          (br_if $columnGroups (i32.lt_u (local.tee $column (i32.add (local.get $column) (i32.const 64))) (local.get $rowBytes))))
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
